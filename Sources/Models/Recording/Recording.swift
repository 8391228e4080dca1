import Foundation

/// The first record of a recording: what was run, so a replay can rebuild the dashboard without training.
public struct RecordingHeader: Codable, Sendable, Equatable {
    public var format = "lab-recording"
    public var version = Int(RecordFormat.version)
    public var preset: String
    public var experiment: String
    /// The preset as YAML, overrides applied, so the replay needs no preset folder.
    public var yaml: String
    public var created: String

    /// The recorded preset's experiment, as its `experiment:` key names it.
    public var kindName: String { experiment }

    public init(preset: String, experiment: String, yaml: String, created: String) {
        self.preset = preset
        self.experiment = experiment
        self.yaml = yaml
        self.created = created
    }
}

/// A recording read back: its header, every event in order, and where (if anywhere) the readable prefix ended.
public struct Recording: Sendable {
    public let header: RecordingHeader
    public let events: [TrainerEvent]
    /// Why reading stopped before the end of the file ("truncated record at byte 10234"), nil for a whole file.
    public let problem: String?
    /// Bytes of whole, checked records.
    public let validBytes: Int

    /// Reads `bytes`; a file that is not a recording, or whose header is unreadable, is a one-line error.
    public init(bytes: [UInt8], source: String) throws {
        guard bytes.count >= RecordFormat.prefix.count, Array(bytes.prefix(6)) == RecordFormat.magic else {
            throw ConfigError("\(source): not a lab recording (no LABREC header)")
        }
        var r = ByteReader(bytes[6...])
        guard let v = r.u16(), v == RecordFormat.version else {
            throw ConfigError("\(source): recording format version \(bytes.count > 7 ? Int(bytes[6]) | Int(bytes[7]) << 8 : 0) is not the supported \(RecordFormat.version)")
        }
        var header: RecordingHeader?
        var events: [TrainerEvent] = []
        var problem: String?
        let decoder = JSONDecoder()
        var valid = r.offset
        while !r.atEnd {
            let start = r.offset
            guard let kindByte = r.u8(), let length = r.u32(), let payload = r.bytes(Int(length)), let stored = r.u32() else {
                problem = "truncated record at byte \(start)"
                break
            }
            let computed = bytes[start..<(r.offset - 4)].withUnsafeBytes { crc32($0) }
            guard computed == stored else {
                problem = "corrupt record at byte \(start) (checksum mismatch)"
                break
            }
            guard let kind = RecordFormat.Kind(rawValue: kindByte) else {
                problem = "unknown record kind \(kindByte) at byte \(start)"
                break
            }
            switch kind {
            case .header:
                guard header == nil, let h = try? decoder.decode(RecordingHeader.self, from: Data(payload)) else {
                    throw ConfigError("\(source): unreadable header record at byte \(start)")
                }
                header = h
            case .event:
                guard let e = try? decoder.decode(TrainerEvent.self, from: Data(payload)) else {
                    problem = "unreadable event at byte \(start)"
                    break
                }
                events.append(e)
            case .metrics:
                guard let m = RecordFormat.decodeMetrics(payload) else {
                    problem = "unreadable metrics at byte \(start)"
                    break
                }
                events.append(.metrics(m))
            }
            if problem != nil { break }
            valid = r.offset
        }
        guard let header else { throw ConfigError("\(source): the recording has no header record (the file is cut before byte 10)") }
        self.header = header
        self.events = events
        self.problem = problem
        validBytes = valid
    }

    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ConfigError("\(url.path): cannot read the recording") }
        try self.init(bytes: [UInt8](data), source: url.path)
    }
}

/// Appends a run's metrics, events and snapshots to a recording, thinning them as the run grows so the file stays
/// bounded: every step's metrics for the first 20 000 kept, then every 2nd, 4th, …; a snapshot at most every
/// second at first, the interval doubling every 50 snapshots. Records are buffered and flushed at least every
/// half second of writes and on `close()`.
public final class Recorder {
    public let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var lastFlush = 0.0
    private var metricStride = 1
    private var metricsKept = 0
    private var snapshotInterval = 1.0
    private var nextSnapshot = 0.0
    private var snapshotsKept = 0
    private let encoder = JSONEncoder()
    public private(set) var bytesWritten = 0

    /// Creates `url` (refusing to overwrite a file) and writes the prefix and the header record.
    public init(url: URL, header: RecordingHeader) throws {
        self.url = url
        guard !FileManager.default.fileExists(atPath: url.path) else {
            throw ConfigError("\(url.path): already exists; record into a new file")
        }
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let h = try? FileHandle(forWritingTo: url) else {
            throw ConfigError("\(url.path): cannot create the recording")
        }
        handle = h
        buffer = RecordFormat.prefix + RecordFormat.frame(.header, [UInt8](try encoder.encode(header)))
        try flush()
    }

    /// Keeps the step's metrics if the current stride allows it.
    public func record(_ m: StepMetrics) throws {
        guard m.step % metricStride == 0 else { return }
        buffer += RecordFormat.frame(.metrics, RecordFormat.encode(m))
        metricsKept += 1
        if metricsKept % 20_000 == 0 { metricStride *= 2 }
        if buffer.count > 1 << 16 { try flush() }
    }

    /// Keeps an event (snapshots only when their interval has passed at time `now`, in seconds).
    public func record(_ e: TrainerEvent, now: Double) throws {
        switch e {
        case .metrics(let m):
            return try record(m)
        case .snapshot:
            guard now >= nextSnapshot else { return }
            snapshotsKept += 1
            if snapshotsKept % 50 == 0 { snapshotInterval *= 2 }
            nextSnapshot = now + snapshotInterval
        default:
            break
        }
        buffer += RecordFormat.frame(.event, [UInt8](try encoder.encode(e)))
        if buffer.count > 1 << 16 || now - lastFlush > 0.5 {
            lastFlush = now
            try flush()
        }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: Data(buffer))
        } catch {
            throw ConfigError("\(url.path): cannot write the recording (\(error.localizedDescription))")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        try? handle.close()
    }
}
