import Foundation

/// `cells.csv`: one row per finished cell, the rows finished together written by one `O_APPEND` write of complete rows
/// and then fsync'd, so a shard killed at any moment (even SIGKILL mid-cell) leaves whole rows and at most one
/// cut-short last line, which a resume drops.
public final class CellLog {
    public static let file = "cells.csv"
    public let url: URL
    private let fd: Int32

    /// The rows of `folder`'s cells.csv after its header, with their line numbers (nil: no file); `partial` is true when
    /// the last line lacks its newline (a write cut short), which is left out. A header other than `header` is an error.
    public static func read(in folder: URL, header: String) throws -> (rows: [(line: Int, text: Substring)], partial: Bool)? {
        let url = folder.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let partial = !(lines.last?.isEmpty ?? true)
        lines.removeLast()
        guard let first = lines.first else { return ([], partial) }
        guard first == header else {
            throw ConfigError("\(url.path):1: the header '\(ConfigError.printable(String(first)))' is not this sweep's '\(header)'")
        }
        return (lines.enumerated().dropFirst().map { (line: $0.offset + 1, text: $0.element) }, partial)
    }

    /// Rewrites cells.csv atomically as `header` and `rows` (the complete units a resume keeps), then opens it for appending.
    public init(folder: URL, header: String, keeping rows: [String]) throws {
        url = folder.appendingPathComponent(Self.file)
        try OutputFolder.write(([header] + rows).map { $0 + "\n" }.joined(), to: url)
        fd = open(url.path, O_WRONLY | O_APPEND)
        guard fd >= 0 else { throw ConfigError("\(url.path): cannot append to the file (\(String(cString: strerror(errno))))") }
    }

    deinit { close(fd) }

    /// Appends one complete row in a single write, then makes it durable.
    public func append(_ row: String) throws { try append(rows: [row]) }

    /// Appends complete rows in a single write and one fsync (a kill mid-write cuts at most the last row short): a
    /// checkpointed run hands over a row per LR and budget at once, and an fsync per row would cost more than the rows.
    public func append(rows: [String]) throws {
        guard !rows.isEmpty else { return }
        let bytes = Array(rows.map { $0 + "\n" }.joined().utf8)
        let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress!, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else {
            throw ConfigError("\(url.path): cannot append a row (\(String(cString: strerror(errno))))")
        }
    }
}
