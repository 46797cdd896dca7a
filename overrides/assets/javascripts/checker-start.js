/* Loaded from <head> on a page that holds the checker (overrides/main.html): the
 * runtime starts loading while the rest of the page still arrives, instead of when
 * the view is wired after it. checker-runtime.js is the same module the view uses. */
import { start } from "./checker-runtime.js"

start()
