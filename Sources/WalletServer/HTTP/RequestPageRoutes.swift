import Hummingbird
import StrictJSON

/// The verifier operator's page for one presentation request: the QR code of the request, a link
/// for a wallet on the same device, and the result when the wallet's response has been verified.
///
/// - `GET /verifier/views/{view}`: the HTML page (``RequestPage``).
/// - `GET /verifier/views/{view}/result`: `{"status": "pending" | "valid" | "invalid" | "declined",
///   "report"?}`, which the page polls every two seconds.
/// - `GET /assets/request-page.js`, `GET /assets/request-page.css`: the page's script and style,
///   served apart so that the page's Content-Security-Policy allows no inline code.
enum RequestPageRoutes {
    static func register(_ router: Router<BasicRequestContext>, _ server: WalletServerContext) {
        router.get("/verifier/views/:view") { _, context in
            let id = try context.parameters.require("view")
            let view: RequestView
            do { view = try server.state.requestView(id) } catch let error as WalletServerError where error.code == .unknownOrExpired {
                return Responses.bytes(RequestPage.gone(), contentType: "text/html; charset=utf-8", status: .notFound,
                                       headers: [(.contentSecurityPolicy, RequestPage.contentSecurityPolicy)])
            }
            let page = try RequestPage.html(view: view, resultPath: "/verifier/views/\(id)/result")
            return Responses.bytes(page, contentType: "text/html; charset=utf-8",
                                   headers: [(.contentSecurityPolicy, RequestPage.contentSecurityPolicy)])
        }
        router.get("/verifier/views/:view/result") { _, context in
            let id = try context.parameters.require("view")
            let view = try server.state.requestView(id)
            var object: JSONObject = ["status": .string(view.status.rawValue)]
            if let report = view.report { object["report"] = report }
            return Responses.json(.object(object))
        }
        router.get("/assets/request-page.js") { _, _ in
            Responses.bytes(Array(RequestPage.script.utf8), contentType: "text/javascript; charset=utf-8")
        }
        router.get("/assets/request-page.css") { _, _ in
            Responses.bytes(Array(RequestPage.style.utf8), contentType: "text/css; charset=utf-8")
        }
    }
}
