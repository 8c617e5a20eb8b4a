import Foundation
import OpenID4VC
import StrictJSON
import Testing

@Suite struct DCQLTests {
    static func query(_ text: String) throws -> DCQLQuery { try DCQLQuery(parsing: Array(text.utf8)) }
    static func json(_ text: String) -> JSONValue { try! JSONParser().parse(Array(text.utf8)) }

    static let pidType = "https://credentials.example.com/identity_credential"
    /// A PID with every claim the examples of OpenID4VP 1.0 §D ask for.
    static let pid = DCQLCandidate(id: "pid-1", format: "dc+sd-jwt", types: [pidType], claims: json("""
        {"vct":"\(pidType)","given_name":"John","family_name":"Doe","postal_code":"90210","locality":"Milliways",
         "date_of_birth":"1940-01-01","address":{"street_address":"42 Market Street","locality":"Milliways"},
         "nationalities":["British","Betelgeusian"],"degrees":[{"type":"BSc"},{"type":"MSc"}]}
        """), holderBindable: true, selectivelyDisclosable: true)

    /// The simple example of §6 (`examples/query_lang/simple.json`).
    static let simple = """
        {"credentials":[{"id":"my_credential","format":"dc+sd-jwt","meta":{"vct_values":["\(pidType)"]},
          "claims":[{"path":["last_name"]},{"path":["first_name"]},{"path":["address","street_address"]}]}]}
        """

    @Test func parsesAndRoundTrips() throws {
        let parsed = try Self.query(Self.simple)
        #expect(parsed.credentials.count == 1)
        let credential = try #require(parsed.credentials.first)
        #expect(credential.id == "my_credential" && credential.format == "dc+sd-jwt")
        #expect(credential.vctValues == [Self.pidType])
        #expect(credential.requireCryptographicHolderBinding && !credential.multiple)
        #expect(credential.claims?.map(\.path.description) == ["last_name", "first_name", "address.street_address"])
        #expect(try DCQLQuery(json: parsed.jsonValue) == parsed)
    }

    /// Only the claims asked for are disclosed, by their concrete paths.
    @Test func selectsOnlyTheClaimsAskedFor() throws {
        let query = try Self.query("""
            {"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\(Self.pidType)"]},
              "claims":[{"path":["given_name"]},{"path":["address","street_address"]},{"path":["nationalities",1]},
                        {"path":["degrees",null,"type"]}]}]}
            """)
        let selections = try DCQLEvaluator(query: query).evaluate([Self.pid])
        #expect(selections.count == 1)
        #expect(selections[0].queryId == "pid" && selections[0].credentialId == "pid-1")
        #expect(selections[0].disclosedPaths == ["given_name", "address.street_address", "nationalities[1]", "degrees[0].type", "degrees[1].type"])
        #expect(!selections[0].wholeCredential && selections[0].holderBinding)
    }

    /// No `claims`: nothing selectively disclosable is asked for (§6.4.1).
    @Test func noClaimsDisclosesNothing() throws {
        let query = try Self.query(#"{"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\#(Self.pidType)"]}}]}"#)
        #expect(try DCQLEvaluator(query: query).evaluate([Self.pid])[0].disclosedPaths.isEmpty)
    }

    /// `claim_sets`: the first option the credential satisfies (examples/query_lang/claims_alternatives.json).
    @Test func claimSetsTakeTheFirstSatisfiableOption() throws {
        let query = try Self.query("""
            {"credentials":[{"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["\(Self.pidType)"]},
              "claims":[{"id":"a","path":["family_name"]},{"id":"b","path":["postal_code"]},{"id":"c","path":["locality"]},
                        {"id":"d","path":["region"]},{"id":"e","path":["date_of_birth"]}],
              "claim_sets":[["a","c","d","e"],["a","b","e"]]}]}
            """)
        // No region: the first option fails, the second is taken, nothing of the first leaks.
        #expect(try DCQLEvaluator(query: query).evaluate([Self.pid])[0].disclosedPaths == ["family_name", "postal_code", "date_of_birth"])
    }

    /// `values`: a claim whose value does not match is treated as absent (§6.4.1).
    @Test func valueMatching() throws {
        func query(_ values: String) throws -> DCQLQuery {
            try Self.query(#"{"credentials":[{"id":"q","format":"dc+sd-jwt","meta":{"vct_values":["\#(Self.pidType)"]},"claims":[{"path":["postal_code"],"values":\#(values)}]}]}"#)
        }
        #expect(try DCQLEvaluator(query: query(#"["90210","90211"]"#)).evaluate([Self.pid])[0].disclosedPaths == ["postal_code"])
        #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try DCQLEvaluator(query: query(#"["10115"]"#)).evaluate([Self.pid]) }
        // A number is not the string of its digits.
        #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try DCQLEvaluator(query: query("[90210]")).evaluate([Self.pid]) }
    }

    /// Format, `vct_values`, `type_values` and holder binding decide which credentials match.
    @Test func metaAndFormatFilter() throws {
        let w3c = DCQLCandidate(id: "vc-1", format: "jwt_vc_json", types: ["VerifiableCredential", "AlumniCredential"],
                                claims: Self.json(#"{"credentialSubject":{"alumniOf":"X"}}"#), holderBindable: true, selectivelyDisclosable: false)
        let unbound = DCQLCandidate(id: "pid-2", format: "dc+sd-jwt", types: [Self.pidType], claims: Self.pid.claims,
                                    holderBindable: false, selectivelyDisclosable: true)
        let byType = try Self.query(#"{"credentials":[{"id":"a","format":"jwt_vc_json","meta":{"type_values":[["Nope"],["AlumniCredential","VerifiableCredential"]]},"claims":[{"path":["credentialSubject","alumniOf"]}]}]}"#)
        let selection = try DCQLEvaluator(query: byType).evaluate([Self.pid, w3c])[0]
        #expect(selection.credentialId == "vc-1" && selection.wholeCredential)
        let otherVct = try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":["https://other.example/pid"]}}]}"#)
        #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try DCQLEvaluator(query: otherVct).evaluate([Self.pid, w3c]) }
        let bound = try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}]}"#)
        #expect(try DCQLEvaluator(query: bound).evaluate([unbound, Self.pid])[0].credentialId == "pid-1")
        let unboundOK = try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"require_cryptographic_holder_binding":false}]}"#)
        let chosen = try DCQLEvaluator(query: unboundOK).evaluate([unbound, Self.pid])[0]
        #expect(chosen.credentialId == "pid-2" && chosen.alternatives == ["pid-1"])
    }

    /// `credential_sets` (examples/query_lang/credentials_alternatives.json, shortened): required
    /// sets take their first satisfiable option, optional ones only when satisfiable.
    @Test func credentialSets() throws {
        let text = """
            {"credentials":[
              {"id":"pid","format":"dc+sd-jwt","meta":{"vct_values":["https://other.example/pid"]}},
              {"id":"reduced_1","format":"dc+sd-jwt","meta":{"vct_values":["\(Self.pidType)"]},"claims":[{"path":["family_name"]}]},
              {"id":"reduced_2","format":"dc+sd-jwt","meta":{"vct_values":["\(Self.pidType)"]},"claims":[{"path":["locality"]}]},
              {"id":"nice_to_have","format":"dc+sd-jwt","meta":{"vct_values":["https://company.example/rewards"]}}],
             "credential_sets":[{"options":[["pid"],["reduced_1","reduced_2"]]},{"required":false,"options":[["nice_to_have"]]}]}
            """
        let selections = try DCQLEvaluator(query: try Self.query(text)).evaluate([Self.pid])
        #expect(selections.map(\.queryId) == ["reduced_1", "reduced_2"])
        #expect(selections.map(\.disclosedPaths) == [["family_name"], ["locality"]])
        // Required set unsatisfiable: nothing at all is returned.
        let unsatisfiable = text.replacingOccurrences(of: "[\"reduced_1\",\"reduced_2\"]", with: "[\"nice_to_have\"]")
        #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try DCQLEvaluator(query: try Self.query(unsatisfiable)).evaluate([Self.pid]) }
    }

    /// Without `credential_sets` every credential query must be answered (§6.4.2).
    @Test func everyQueryIsRequiredWithoutSets() throws {
        let query = try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}},{"id":"b","format":"ldp_vc","meta":{}}]}"#)
        #expect(throws: OpenID4VCError(.noMatchingCredential, "")) { try DCQLEvaluator(query: query).evaluate([Self.pid]) }
    }

    @Test func claimsPathPointerProcessing() throws {
        let document = Self.pid.claims
        #expect(try ClaimsPathPointer(json: Self.json(#"["address","street_address"]"#)).select(in: document)?.map(\.value) == ["42 Market Street"])
        #expect(try ClaimsPathPointer(json: Self.json(#"["nationalities",null]"#)).select(in: document)?.count == 2)
        // A key applied to an array, an index to an object: processing aborts (§7.1.1).
        #expect(try ClaimsPathPointer(json: Self.json(#"["nationalities","x"]"#)).select(in: document) == nil)
        #expect(try ClaimsPathPointer(json: Self.json(#"["address",0]"#)).select(in: document) == nil)
        #expect(try ClaimsPathPointer(json: Self.json(#"["missing"]"#)).select(in: document) == nil)
        #expect(try ClaimsPathPointer(json: Self.json(#"["nationalities",5]"#)).select(in: document) == nil)
        // The selection is bounded.
        #expect(try ClaimsPathPointer(json: Self.json(#"["nationalities",null]"#)).select(in: document, limit: 1) == nil)
    }

    /// Malformed queries are refused with `invalidMessage`, oversized ones with `messageTooLarge`.
    @Test(arguments: [
        #"[]"#, #"{}"#, #"{"credentials":[]}"#, #"{"credentials":[{"id":"a","format":"dc+sd-jwt"}]}"#,
        #"{"credentials":[{"id":"a b","format":"dc+sd-jwt","meta":{}}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}},{"id":"a","format":"ldp_vc","meta":{}}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":[]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":[-1]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":[1.5]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":[true]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":["x"],"values":[{"a":1}]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":["x"],"values":[1.5]}]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claim_sets":[["x"]]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":["x"]}],"claim_sets":[["x"]]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"id":"x","path":["x"]}],"claim_sets":[["y"]]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}],"credential_sets":[{"options":[["b"]]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}],"credential_sets":[{"options":[]}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{"vct_values":[]}}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"multiple":"yes"}]}"#,
        #"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{}}],"credentials":[]}"#,
    ])
    func malformedQueriesAreRefused(_ text: String) {
        #expect(throws: OpenID4VCError(.invalidMessage, "")) { try Self.query(text) }
    }

    @Test func boundsAreEnforced() throws {
        let many = (0...DCQLQuery.maximumEntries).map { #"{"id":"q\#($0)","format":"dc+sd-jwt","meta":{}}"# }.joined(separator: ",")
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try Self.query(#"{"credentials":[\#(many)]}"#) }
        let deep = "[" + Array(repeating: "\"a\"", count: ClaimsPathPointer.maximumComponents + 1).joined(separator: ",") + "]"
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) {
            try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"claims":[{"path":\#(deep)}]}]}"#)
        }
        #expect(throws: OpenID4VCError(.messageTooLarge, "")) { try DCQLQuery(parsing: [UInt8](repeating: 0x20, count: DCQLQuery.maximumBytes + 1)) }
        // Unknown members are ignored (§6).
        #expect(try Self.query(#"{"credentials":[{"id":"a","format":"dc+sd-jwt","meta":{},"future":1}],"extension":{}}"#).credentials.count == 1)
    }
}
