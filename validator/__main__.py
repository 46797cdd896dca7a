from validator._cli import run

run()
