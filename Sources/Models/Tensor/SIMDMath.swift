import CKernels
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// True when the CPU has AVX2+FMA.
let cpuHasNativeKernels = ck_has_avx2_fma() != 0

/// Lets a test run the portable Swift lanes on an AVX2 machine: `NativeKernels.$allowed.withValue(false) { … }`
/// (task-local, so tests running in parallel do not see each other's choice).
enum NativeKernels {
    @TaskLocal static var allowed = true
}

/// True when the hottest kernels (SiLU, Adam, the MMD kernel sums) run in CKernels, twice as wide as SSE: the CPU has
/// AVX2+FMA and the current task allows it.
var nativeKernels: Bool { cpuHasNativeKernels && NativeKernels.allowed }

/// Vector lane type for elementwise kernels: 8 floats (two SSE or one AVX register).
public typealias Lanes = SIMD8<Float>

// SIMD8's own min/max/squareRoot/comparisons go through generic stdlib code that is not inlined here,
// or through scalar libm calls; these map straight to SSE instructions (the baseline on x86_64).

/// Lane-wise √ as two sqrtps.
@inline(__always)
func laneSqrt(_ v: Lanes) -> Lanes {
    #if arch(x86_64)
    Lanes(lowHalf: _mm_sqrt_ps(v.lowHalf), highHalf: _mm_sqrt_ps(v.highHalf))
    #else
    v.squareRoot()
    #endif
}

/// Lane-wise minimum as two minps.
@inline(__always)
func laneMin(_ a: Lanes, _ b: Lanes) -> Lanes {
    #if arch(x86_64)
    Lanes(lowHalf: _mm_min_ps(a.lowHalf, b.lowHalf), highHalf: _mm_min_ps(a.highHalf, b.highHalf))
    #else
    pointwiseMin(a, b)
    #endif
}

/// Lane-wise maximum as two maxps.
@inline(__always)
func laneMax(_ a: Lanes, _ b: Lanes) -> Lanes {
    #if arch(x86_64)
    Lanes(lowHalf: _mm_max_ps(a.lowHalf, b.lowHalf), highHalf: _mm_max_ps(a.highHalf, b.highHalf))
    #else
    pointwiseMax(a, b)
    #endif
}

/// 1/x from rcpps refined by one Newton step (≈ 23 bits, rel. error ~1e-7): divps is 4–5× slower per lane here.
@inline(__always)
func laneReciprocal(_ x: Lanes) -> Lanes {
    #if arch(x86_64)
    let r = Lanes(lowHalf: _mm_rcp_ps(x.lowHalf), highHalf: _mm_rcp_ps(x.highHalf))
    return r * (2 - x * r)
    #else
    return 1 / x
    #endif
}

/// `a` where `mask > 0`, else 0 (ReLU's backward) as compare + and.
@inline(__always)
func laneWherePositive(_ a: Lanes, _ mask: Lanes) -> Lanes {
    #if arch(x86_64)
    let z = _mm_setzero_ps()
    return Lanes(lowHalf: _mm_and_ps(a.lowHalf, _mm_cmpgt_ps(mask.lowHalf, z)),
                 highHalf: _mm_and_ps(a.highHalf, _mm_cmpgt_ps(mask.highHalf, z)))
    #else
    return a.replacing(with: 0, where: mask .<= 0)
    #endif
}

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
    let xc = laneMax(laneMin(x, Lanes(repeating: 88.3)), Lanes(repeating: -87.3))
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
public func vsigmoid(_ x: Lanes) -> Lanes { laneReciprocal(1 + vexp(-x)) }

/// tanh(x) = 1 − 2/(e^{2x} + 1); saturates cleanly because vexp clamps.
@inline(__always)
public func vtanh(_ x: Lanes) -> Lanes { 1 - 2 * laneReciprocal(vexp(2 * x) + 1) }

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
