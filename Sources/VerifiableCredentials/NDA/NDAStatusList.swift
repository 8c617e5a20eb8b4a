import DIDCore
import StrictJSON

/// NDAChain's status lists (PILA's SDK, `credential-status`; decision 0028), read by an adapter
/// that is chosen only when the list says so:
///
/// - the status endpoint answers `{"data": <status list credential>}`, a wrapper no W3C list has;
/// - `encodedList` is base64url (unpadded) of the GZIP bytes with **no** multibase prefix — the
///   W3C list's signed `encodedList` starts with `u`, so neither form decodes as the other;
/// - entry `i` is bit `i % 8` of byte `i / 8` counted from the least significant bit, where the
///   W3C list counts from the most significant one.
///
/// Only the wrapper selects the adapter, and a wrapped list must then decode in NDA's form: a
/// W3C list is never read with NDA's bit order, nor an NDA list with the W3C one.
enum NDAStatusList {
    /// The status list credential inside NDA's `{"data": {…}}` wrapper, or `nil` when `bytes`
    /// is not exactly that wrapper (a bare credential, a JWT, anything else).
    static func unwrap(_ bytes: [UInt8], maximumBytes: Int) -> [UInt8]? {
        guard bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let value = try? JSONParser(options: .init(maxDepth: 64, maxBytes: maximumBytes)).parse(bytes),
              let object = value.objectValue, object.count == 1, let inner = object["data"], inner.objectValue != nil else { return nil }
        return JSONSerializer().serialize(inner)
    }

    /// The list's bitstring in the W3C order (entry 0 at the most significant bit of byte 0), so
    /// that the status policy reads an NDA list's entries as NDA does: each byte's bits reversed.
    /// NDA lists have no minimum length; the decompressed size is capped at `maximumBytes`.
    static func bitstring(encodedList: String, maximumBytes: Int) throws(VCError) -> [UInt8] {
        let compressed: [UInt8]
        do { compressed = try Base64URL.decode(encodedList) } catch {
            throw VCError(.invalidStatusList, "an NDA encodedList is unpadded base64url without a multibase prefix: \(error.message)")
        }
        let bytes: [UInt8]
        do { bytes = try GZIP.decompress(compressed, maximumOutput: maximumBytes) } catch {
            throw VCError(.invalidStatusList, "the NDA encodedList does not decompress: \(error.message)")
        }
        guard !bytes.isEmpty else { throw VCError(.invalidStatusList, "the NDA status list is empty") }
        return bytes.map(reversedBits)
    }

    /// `b7…b0` → `b0…b7`.
    static func reversedBits(_ byte: UInt8) -> UInt8 {
        var input = byte, output: UInt8 = 0
        for _ in 0..<8 {
            output = output << 1 | input & 1
            input >>= 1
        }
        return output
    }
}
