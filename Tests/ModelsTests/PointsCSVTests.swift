import Foundation
import Testing
@testable import Models

/// The points-file rules: what is accepted, and a one-line error naming file, line and field for what is not.
@Suite struct PointsCSVTests {
    static func error(_ text: String, minimum: Int = 1) -> String? {
        do {
            _ = try PointsCSV.parse(text, source: "s.csv", minimumCount: minimum)
            return nil
        } catch {
            return (error as? ConfigError)?.description ?? "\(error)"
        }
    }

    @Test func readsPointsWithTheUsualCSVFreedoms() throws {
        let text = "\u{FEFF}X, y ,label\r\n1.5,-2,a\n\n\"3e-1\", 4 ,\"b,c\"\n-0.25,0x1p-2,d\n"
        #expect(try PointsCSV.parse(text, source: "s.csv") == [1.5, -2, 0.3, 4, -0.25, 0.25])
        #expect(try PointsCSV.parse("x,y\n1,2", source: "s.csv") == [1, 2])
    }

    @Test func badFilesNameTheFileLineAndField() {
        #expect(Self.error("") == "s.csv:1: empty file; expected the header line x,y")
        #expect(Self.error("a,b\n1,2\n") == "s.csv:1: expected the header line x,y, found 'a,b'")
        #expect(Self.error("1.5,2\n3,4\n") == "s.csv:1: expected the header line x,y, found '1.5,2'")
        #expect(Self.error("x,y\n1,2\n3,abc\n") == "s.csv:3: field 'y': 'abc' is not a number")
        #expect(Self.error("x,y\n1,2\nnan,4\n") == "s.csv:3: field 'x': 'nan' is not a finite number")
        #expect(Self.error("x,y\n1,2\n1,-inf\n") == "s.csv:3: field 'y': '-inf' is not a finite number")
        #expect(Self.error("x,y\n1,2\n1e39,0\n") == "s.csv:3: field 'x': 1e39 is too large for a 32-bit float")
        #expect(Self.error("x,y\n1,2\n3,4,5\n") == "s.csv:3: 3 fields, expected 2 (x,y)")
        #expect(Self.error("x,y\n1,2\n3\n") == "s.csv:3: 1 field, expected 2 (x,y)")
        #expect(Self.error("x,y\n1,\n") == "s.csv:2: field 'y' is empty")
        #expect(Self.error("x,y\n1,2\n3,4\n", minimum: 10) == "s.csv: 2 points, need at least 10")
    }

    @Test func filesThatAreMissingOrNotText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("points-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("none.csv").path
        #expect(throws: ConfigError("\(missing): no such file")) { try PointsCSV.read(path: missing) }
        #expect(throws: ConfigError("\(dir.path): cannot read the file")) { try PointsCSV.read(path: dir.path) }
        let binary = dir.appendingPathComponent("image.png")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF]).write(to: binary)
        #expect(throws: ConfigError("\(binary.path): not UTF-8 text, so not a CSV file")) { try PointsCSV.read(path: binary.path) }
        let good = dir.appendingPathComponent("good.csv")
        try "x,y\n1,2\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try PointsCSV.read(path: good.path) == [1, 2])
    }
}
