def test_explore(server, open_tab):
    tab = open_tab()
    tab.context.route("**/assets/runtime/pyodide.asm.wasm", lambda route: route.abort())
    tab.page.goto(server.url("guide/"))
    tab.page.wait_for_timeout(10000)
    print(tab.page.inner_text("[data-credential-checker]")[:300])
    print(tab.requests[-6:])
    print(tab.console, tab.errors)
