@testable import Core
import Foundation
import Testing

@Suite struct CSVTableTests {
    @Test func fieldsWithCommasQuotesAndLineBreaksRoundTrip() throws {
        let table = CSVTable(header: ["target_gene", "g,1", "g2"],
                             rows: [["A+B", "0.5", ""], ["say \"hi\", then", "-1", "line\nbreak"]])
        let text = table.text()
        #expect(text.hasPrefix("target_gene,\"g,1\",g2\nA+B,0.5,\n\"say \"\"hi\"\", then\",-1,"))
        #expect(try CSVTable.parse(text, file: "t.csv") == table)
    }

    @Test func plainFieldsAreWrittenAsTheyAre() {
        #expect(CSVTable.line(["1", "train", "NaN", ""]) == "1,train,NaN,\n")
    }

    @Test func aRowOfAnotherWidthIsAnErrorNamingFileAndLine() {
        #expect(throws: AdaPertError.self) { try CSVTable.parse("a,b\n1,2\n3\n", file: "m.csv") }
        do { _ = try CSVTable.parse("a,b\n1,2\n3\n", file: "m.csv") } catch let error as AdaPertError {
            #expect(error.message.hasPrefix("m.csv: line 3 has 1 fields"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        #expect(throws: AdaPertError("/nonexistent/x.csv: missing or unreadable; check the path")) {
            try CSVTable.read(path: "/nonexistent/x.csv")
        }
    }
}
