import Foundation

/// The HTML of the verifier operator's page (``RequestPageRoutes``), its script and its style.
///
/// The page holds no inline script or style, so its Content-Security-Policy allows only the
/// server's own script and style, `data:` images (the QR code) and fetches to the server itself.
/// The script writes what the result holds with `textContent` only: a claim in a report that
/// looks like markup stays text.
enum RequestPage {
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The page of `view`, whose script polls `resultPath`.
    static func html(view: RequestView, resultPath: String) throws(WalletServerError) -> [UInt8] {
        let picture: String
        do {
            let code = try QRCode(encoding: view.requestURI)
            let png = code.pngData(scale: 6, quietZone: 4)
            picture = """
                <img id="qr" width="\((code.size + 8) * 6)" alt="QR code of the presentation request" \
                src="data:image/png;base64,\(Data(png).base64EncodedString())">
                """
        } catch {
            picture = "<p id=\"qr-missing\">The request is too long for a QR code: open it with the link below.</p>"
        }
        let page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>Presentation request</title>
            <link rel="stylesheet" href="/assets/request-page.css">
            </head>
            <body>
            <main>
            <h1>Scan with your wallet</h1>
            \(picture)
            <p><a id="open" href="\(escaped(view.requestURI))">Open with a wallet on this device</a></p>
            <p id="status" role="status" data-result="\(escaped(resultPath))" data-initial="\(view.status.rawValue)">\
            \(statusText(view.status))</p>
            <pre id="report" hidden></pre>
            </main>
            <script src="/assets/request-page.js"></script>
            </body>
            </html>

            """
        return Array(page.utf8)
    }

    /// The page for a view that never existed, was removed or expired.
    static func gone() -> [UInt8] {
        Array("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Presentation request</title></head>
            <body><main><h1>This request is unknown or has expired</h1></main></body></html>

            """.utf8)
    }

    static func statusText(_ status: RequestView.Status) -> String {
        switch status {
        case .pending: "Waiting for the wallet…"
        case .valid: "Presentation received and verified."
        case .invalid: "Presentation received, and it failed verification."
        case .declined: "The wallet declined the request."
        }
    }

    /// Text for an HTML attribute or element: `&`, `<`, `>`, `"` and `'` as character references.
    static func escaped(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// Polls the result every two seconds until it is no longer pending (or the view is gone),
    /// then shows the status and the report as text.
    static let script = """
        "use strict";
        (function () {
          var status = document.getElementById("status");
          var report = document.getElementById("report");
          var texts = {
            pending: "Waiting for the wallet\\u2026",
            valid: "Presentation received and verified.",
            invalid: "Presentation received, and it failed verification.",
            declined: "The wallet declined the request."
          };
          function show(result) {
            status.textContent = texts[result.status] || "Unknown status.";
            status.setAttribute("data-status", result.status);
            if (result.report !== undefined) {
              report.textContent = JSON.stringify(result.report, null, 2);
              report.hidden = false;
            }
          }
          function poll() {
            fetch(status.getAttribute("data-result"), { cache: "no-store", credentials: "omit" })
              .then(function (response) {
                if (response.status === 404) { throw new Error("gone"); }
                return response.json();
              })
              .then(function (result) {
                show(result);
                if (result.status === "pending") { setTimeout(poll, 2000); }
              })
              .catch(function (error) {
                if (error.message === "gone") {
                  status.textContent = "This request is unknown or has expired.";
                  status.setAttribute("data-status", "gone");
                } else {
                  setTimeout(poll, 5000);
                }
              });
          }
          poll();
        })();

        """

    static let style = """
        body { font-family: system-ui, sans-serif; margin: 0; background: #f6f6f6; color: #111; }
        main { max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 0.5rem; text-align: center; }
        #qr { image-rendering: pixelated; max-width: 100%; height: auto; }
        #report { text-align: left; background: #f0f0f0; padding: 1rem; overflow-x: auto; white-space: pre-wrap; }
        [data-status="valid"] { color: #0a6b2f; font-weight: bold; }
        [data-status="invalid"], [data-status="declined"], [data-status="gone"] { color: #a31515; font-weight: bold; }

        """
}
