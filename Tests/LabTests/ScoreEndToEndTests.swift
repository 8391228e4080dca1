import Foundation
import Testing

/// `lab score` as a user runs it: a table or JSON for a good file, one-line errors with exit code 2 for bad ones.
@Suite struct ScoreEndToEndTests {
    /// A scratch folder with one file per case, removed afterwards.
    final class Files {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lab-score-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: dir) }

        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    /// 200 points on the 8 centres of the default mixture with a little deterministic jitter.
    static var mixtureLike: String {
        "x,y\n" + (0..<200).map { i -> String in
            let a = 2 * Double.pi * Double(i % 8) / 8, j = 0.3 * sin(Double(i) * 1.7)
            return "\(4 * cos(a) + j),\(4 * sin(a) - j)"
        }.joined(separator: "\n") + "\n"
    }

    @Test func scoresAFileAsATableAndAsJSON() throws {
        let files = try Files()
        let path = try files.write("s.csv", Self.mixtureLike)
        let table = try sh([labBinary.path, "score", path])
        #expect(table.status == 0, "\(table.output)")
        for name in ["kl", "excess_nll", "precision_2sd", "knn_recall", "mmd", "swd", "mode_shares"] {
            #expect(table.output.contains("\n\(name) "), "\(name) missing:\n\(table.output)")
        }
        let json = try sh([labBinary.path, "score", path, "--json", "--reference-count", "300", "--seed", "3"])
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        #expect(object["n"] as? Int == 200 && object["reference_count"] as? Int == 300 && object["seed"] as? Int == 3)
        let kl = try #require(object["kl"] as? Double), floor = try #require(object["kl_floor"] as? Double)
        #expect(kl > floor, "jittered centres are far too narrow: kl \(kl), floor \(floor)")
        #expect((object["mode_shares"] as? [Double])?.count == 8)
        // Shortest round-trip numbers: shares k/200 print as e.g. 0.125, not 0.125000000 or 0.12500000005.
        let sharesLine = try #require(json.output.split(separator: "\n").first { $0.contains("\"mode_shares\"") })
        let tokens = sharesLine.split(separator: "[")[1].split(separator: "]")[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(tokens.count == 8 && tokens.allSatisfy { $0.count <= 5 }, "\(tokens)")
    }

    @Test func densityFreeDatasetsSayWhatDoesNotApply() throws {
        let files = try Files()
        let path = try files.write("s.csv", Self.mixtureLike)
        let r = try sh([labBinary.path, "score", path, "--dataset", "checkerboard", "--json"])
        #expect(r.status == 0)
        #expect(!r.output.contains("\"kl\"") && r.output.contains("\"knn_recall\""))
    }

    @Test func badFilesAreOneLineErrorsWithExitCode2() throws {
        let files = try Files()
        let ten = (0..<10).map { "\($0),\($0)" }.joined(separator: "\n")
        let cases: [(String, String?, String)] = [
            ("missing.csv", nil, "missing.csv: no such file"),
            ("header.csv", "a,b\n" + ten, "header.csv:1: expected the header line x,y, found 'a,b'"),
            ("nan.csv", "x,y\n" + ten + "\nnan,1", "nan.csv:12: field 'x': 'nan' is not a finite number"),
            ("word.csv", "x,y\n1,2\n3,four\n" + ten, "word.csv:3: field 'y': 'four' is not a number"),
            ("ragged.csv", "x,y\n" + ten + "\n1,2,3", "ragged.csv:12: 3 fields, expected 2 (x,y)"),
            ("few.csv", "x,y\n1,2\n3,4\n", "few.csv: 2 points, need at least 10"),
            ("notcsv.csv", "\u{0}\u{1}PNG\u{0}", "notcsv.csv: not UTF-8 text, so not a CSV file"),
        ]
        for (name, text, message) in cases {
            let path = try text.map { try files.write(name, $0) } ?? files.dir.appendingPathComponent(name).path
            let r = try sh([labBinary.path, "score", path])
            #expect(r.status == 2, "\(name): \(r.output)")
            #expect(r.output == "lab: \(files.dir.path)/\(message)\n", "\(name)")
        }
        let badDataset = try sh([labBinary.path, "score", files.write("ok.csv", "x,y\n" + ten), "--dataset", "cats"])
        #expect(badDataset.status == 2 && badDataset.output.hasPrefix("lab: --dataset cats: expected one of gaussians8"))
    }
}
