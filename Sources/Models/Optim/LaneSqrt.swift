#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// √ of 8 lanes as two sqrtps: SIMD8's own squareRoot() compiles to 8 scalar sqrtss with errno checks on Linux.
@inline(__always)
func laneSqrt(_ v: Lanes) -> Lanes {
    #if arch(x86_64)
    Lanes(lowHalf: _mm_sqrt_ps(v.lowHalf), highHalf: _mm_sqrt_ps(v.highHalf))
    #else
    v.squareRoot()
    #endif
}
