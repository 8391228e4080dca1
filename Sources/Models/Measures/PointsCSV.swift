import CSV
import Foundation

/// Reads 2D points from a CSV file with a header naming columns `x` and `y` (others are ignored), one point a row.
///
/// The rules, shared by `lab score` and dataset files: UTF-8 text (a BOM is fine), comma-separated, fields may be
/// quoted and padded with spaces, blank lines are skipped, every row has as many fields as the header, and every x and
/// y is a finite number that fits a Float. A bad file is a `ConfigError` naming the file, the line and the field.
/// Line numbers count rows, so a quoted field spanning lines would shift them (points files have none).
public enum PointsCSV {
    /// The points of the file at `path`, flat [x0, y0, x1, y1, …].
    public static func read(path: String, minimumCount: Int = 1) throws -> [Float] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("\(path): no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else {
            throw ConfigError("\(path): not UTF-8 text, so not a CSV file")
        }
        return try parse(text, source: path, minimumCount: minimumCount)
    }

    /// The points of CSV `text`; `source` names it in errors.
    public static func parse(_ text: String, source: String, minimumCount: Int = 1) throws -> [Float] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: false, trimFields: true)
        } catch {
            throw ConfigError("\(source): not a CSV file")
        }
        guard let header = reader.next(), header != [""] else {
            throw ConfigError("\(source):1: empty file; expected the header line x,y")
        }
        let names = header.map { $0.lowercased() }
        guard let xi = names.firstIndex(of: "x"), let yi = names.firstIndex(of: "y") else {
            throw ConfigError("\(source):1: expected the header line x,y, found '\(oneLine(header.joined(separator: ",")))'")
        }
        var points: [Float] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row == [""] { continue }
            guard row.count == header.count else {
                throw ConfigError("\(source):\(line): \(row.count) field\(row.count == 1 ? "" : "s"), expected \(header.count) (\(header.joined(separator: ",")))")
            }
            points.append(try number(row[xi], field: header[xi], at: "\(source):\(line)"))
            points.append(try number(row[yi], field: header[yi], at: "\(source):\(line)"))
        }
        let n = points.count / 2
        guard n >= minimumCount else {
            throw ConfigError("\(source): \(n) point\(n == 1 ? "" : "s"), need at least \(minimumCount)")
        }
        return points
    }

    private static func number(_ field: String, field name: String, at place: String) throws -> Float {
        guard !field.isEmpty else { throw ConfigError("\(place): field '\(name)' is empty") }
        guard let v = Double(field) else {
            throw ConfigError("\(place): field '\(name)': '\(oneLine(field))' is not a number")
        }
        guard v.isFinite else { throw ConfigError("\(place): field '\(name)': '\(field)' is not a finite number") }
        guard abs(v) <= Double(Float.greatestFiniteMagnitude) else {
            throw ConfigError("\(place): field '\(name)': \(field) is too large for a 32-bit float")
        }
        return Float(v)
    }

    /// A field or header shown in a one-line error: control characters replaced, at most 40 characters.
    private static func oneLine(_ s: String) -> String {
        let clean = String(s.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return clean.count > 40 ? clean.prefix(40) + "…" : clean
    }
}
