/// Vector lane type for elementwise kernels: 8 floats (two SSE or one AVX register).
public typealias Lanes = SIMD8<Float>

@inline(__always)
func load(_ p: UnsafePointer<Float>, _ i: Int) -> Lanes {
    UnsafeRawPointer(p + i).loadUnaligned(as: Lanes.self)
}

@inline(__always)
func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Lanes.self)
}

/// exp over 8 lanes: Cody–Waite range reduction x = n·ln2 + r, degree-6 Taylor on |r| ≤ ln2/2, 2ⁿ from the exponent bits.
/// Relative error ≲ 2e-7 on [-87, 88]; inputs outside are clamped (exp(-87.3) ≈ 1.2e-38, exp(88.3) ≈ 2.2e38).
@inline(__always)
public func vexp(_ x: Lanes) -> Lanes {
    let xc = x.clamped(lowerBound: Lanes(repeating: -87.3), upperBound: Lanes(repeating: 88.3))
    // Adding 1.5·2²³ rounds to an integer held in the low mantissa bits.
    let magic = Lanes(repeating: 12_582_912)
    let shifted = xc * 1.442_695_04 + magic
    let n = shifted - magic
    let r = xc - n * 0.693_145_75 - n * 1.428_606_8e-6
    var p = Lanes(repeating: 1.0 / 720)
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let nBits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
    let scale = unsafeBitCast((nBits &+ 127) &<< 23, to: Lanes.self)
    return p * scale
}

/// Scalar exp through the same vector path, so scalar and vector results agree bit for bit.
@inline(__always)
public func fastExp(_ x: Float) -> Float { vexp(Lanes(repeating: x))[0] }

/// Logistic sigmoid 1/(1 + e^{-x}) over 8 lanes.
@inline(__always)
public func vsigmoid(_ x: Lanes) -> Lanes { 1 / (1 + vexp(-x)) }

/// tanh(x) = 1 − 2/(e^{2x} + 1); saturates cleanly because vexp clamps.
@inline(__always)
public func vtanh(_ x: Lanes) -> Lanes { 1 - 2 / (vexp(2 * x) + 1) }

/// Applies `body` to every 8-lane block of `count` floats; the tail goes through a zero-padded block.
@inline(__always)
func forEachLane(count: Int, _ body: (Int, Int) -> Void) {
    var i = 0
    while i + 8 <= count {
        body(i, 8)
        i += 8
    }
    if i < count { body(i, count - i) }
}

/// Loads `n` ≤ 8 floats (zero-padded) starting at `i`.
@inline(__always)
func loadPartial(_ p: UnsafePointer<Float>, _ i: Int, _ n: Int) -> Lanes {
    if n == 8 { return load(p, i) }
    var v = Lanes()
    for j in 0..<n { v[j] = p[i + j] }
    return v
}

/// Stores the first `n` ≤ 8 lanes at `i`.
@inline(__always)
func storePartial(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ i: Int, _ n: Int) {
    if n == 8 { store(v, p, i); return }
    for j in 0..<n { p[i + j] = v[j] }
}
