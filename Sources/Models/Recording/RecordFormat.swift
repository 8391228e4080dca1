import Foundation

/// CRC-32 (IEEE 802.3, the zlib/PNG polynomial 0xEDB88320), so a torn or flipped record is caught on replay.
public func crc32(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
    var c = ~seed
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return ~c
}

private let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
}

/// The recording format, version 1. A file is the 8-byte magic `LABREC` + version (UInt16, little-endian), then
/// records appended one after another, each `kind (UInt8) · length (UInt32 LE) · payload · CRC-32 (UInt32 LE)
/// of kind, length and payload`. The first record is the header (JSON); the rest are events (JSON) or metrics
/// (binary, the per-step bulk). A run killed mid-write leaves a readable prefix.
public enum RecordFormat {
    public static let magic = Array("LABREC".utf8)
    public static let version: UInt16 = 1
    public static var prefix: [UInt8] { magic + [UInt8(version & 0xFF), UInt8(version >> 8)] }

    public enum Kind: UInt8, Sendable {
        case header = 0, event = 1, metrics = 2
    }

    /// One framed record: kind, length, payload, checksum.
    public static func frame(_ kind: Kind, _ payload: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [kind.rawValue]
        appendLE(UInt32(payload.count), to: &out)
        out += payload
        let c = out.withUnsafeBytes { crc32($0) }
        appendLE(c, to: &out)
        return out
    }

    /// Step metrics in 23 + 4·extras bytes: step (Int64), loss, EMA, lr (Float), optimizer (UInt8), batch (Int32),
    /// extras count (UInt16) and the extras.
    public static func encode(_ m: StepMetrics) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(25 + 4 * m.extra.count)
        appendLE(UInt64(bitPattern: Int64(m.step)), to: &out)
        for f in [m.loss, m.lossEMA, m.lr] { appendLE(f.bitPattern, to: &out) }
        out.append(UInt8(OptimizerKind.allCases.firstIndex(of: m.optimizer) ?? 0))
        appendLE(UInt32(bitPattern: Int32(clamping: m.batch)), to: &out)
        appendLE(UInt16(clamping: m.extra.count), to: &out)
        for f in m.extra.prefix(Int(UInt16.max)) { appendLE(f.bitPattern, to: &out) }
        return out
    }

    public static func decodeMetrics(_ b: ArraySlice<UInt8>) -> StepMetrics? {
        var r = ByteReader(b)
        guard let step = r.u64(), let loss = r.u32(), let ema = r.u32(), let lr = r.u32(), let opt = r.u8(), let batch = r.u32(),
              let n = r.u16(), Int(opt) < OptimizerKind.allCases.count else { return nil }
        var extra: [Float] = []
        for _ in 0..<Int(n) {
            guard let f = r.u32() else { return nil }
            extra.append(Float(bitPattern: f))
        }
        guard r.atEnd else { return nil }
        return StepMetrics(step: Int(Int64(bitPattern: step)), loss: Float(bitPattern: loss), lossEMA: Float(bitPattern: ema),
                           lr: Float(bitPattern: lr), optimizer: OptimizerKind.allCases[Int(opt)], batch: Int(Int32(bitPattern: batch)), extra: extra)
    }

    static func appendLE<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out += $0 }
    }
}

/// Little-endian reads from a byte slice, nil past its end.
struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var at: Int
    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        at = bytes.startIndex
    }
    var atEnd: Bool { at == bytes.endIndex }
    var offset: Int { at }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
        let n = MemoryLayout<T>.size
        guard bytes.endIndex - at >= n else { return nil }
        var v: T = 0
        for i in 0..<n { v |= T(bytes[at + i]) << (8 * i) }
        at += n
        return v
    }
    mutating func u8() -> UInt8? { read(UInt8.self) }
    mutating func u16() -> UInt16? { read(UInt16.self) }
    mutating func u32() -> UInt32? { read(UInt32.self) }
    mutating func u64() -> UInt64? { read(UInt64.self) }
    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, bytes.endIndex - at >= n else { return nil }
        defer { at += n }
        return bytes[at..<(at + n)]
    }
}
