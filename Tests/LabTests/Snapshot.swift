import Foundation
import Testing
@testable import Lab

/// Golden-file comparison of a buffer's text and style planes; set LAB_RECORD_SNAPSHOTS=1 to (re)write the files.
func assertSnapshot(_ buffer: Buffer, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let recording = ProcessInfo.processInfo.environment["LAB_RECORD_SNAPSHOTS"] == "1"
    let planes = [("\(name).txt", buffer.text() + "\n"), ("\(name).style.txt", buffer.styleText() + "\n")]
    for (file, actual) in planes {
        let url = dir.appendingPathComponent(file)
        if recording {
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            do { try actual.write(to: url, atomically: true, encoding: .utf8) } catch {
                Issue.record("could not write snapshot \(url.path): \(error)", sourceLocation: sourceLocation)
            }
            continue
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing snapshot \(url.path); record it with LAB_RECORD_SNAPSHOTS=1 swift test --filter LabTests", sourceLocation: sourceLocation)
            continue
        }
        if expected != actual {
            Issue.record("snapshot \(file) differs (re-record with LAB_RECORD_SNAPSHOTS=1):\n\(firstDifference(expected, actual))", sourceLocation: sourceLocation)
        }
    }
}

/// The first differing line of two multi-line strings, for readable failures.
private func firstDifference(_ a: String, _ b: String) -> String {
    let la = a.split(separator: "\n", omittingEmptySubsequences: false), lb = b.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(la.count, lb.count) {
        let x = i < la.count ? String(la[i]) : "<none>", y = i < lb.count ? String(lb[i]) : "<none>"
        if x != y { return "line \(i + 1)\nexpected: |\(x)|\nactual:   |\(y)|" }
    }
    return "(identical lines, different length)"
}
