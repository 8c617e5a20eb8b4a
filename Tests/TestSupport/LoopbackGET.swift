public import Foundation

/// A plain HTTP/1.1 GET to a server on 127.0.0.1, sent by CPython's socket module (an independent
/// client: nothing of this package or of SwiftNIO) — for the tests that run `wallet serve`.
public enum LoopbackGET {
    /// The raw response (status line, headers, body) of `GET path` on `127.0.0.1:port`.
    public static func fetch(port: Int, path: String) throws -> String {
        let output = try CommandRunner.run(["python3", "-c", """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            s.sendall(("GET " + sys.argv[2] + " HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n").encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            sys.stdout.write(data.decode("utf-8", "replace"))
            """, String(port), path], executable: URL(fileURLWithPath: "/usr/bin/env"))
        return output.stdoutText
    }
}
