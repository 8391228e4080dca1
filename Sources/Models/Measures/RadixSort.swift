/// Sorts Floats ascending by LSD radix sort on their bit patterns (3 passes of 11 bits): ~10× faster than the
/// standard library's comparison sort at the sizes sliced W1 sorts 64 times per measure. NaNs are not expected.
///
/// The key flips every bit of a negative number and only the sign bit of a positive one, so unsigned order is
/// numeric order (−0 sorts just before +0).
func radixSort(_ values: inout [Float], scratch: inout [Float]) {
    let n = values.count
    if scratch.count < n { scratch = [Float](repeating: 0, count: n) }
    var counts = [Int](repeating: 0, count: 2048 * 3)
    values.withUnsafeMutableBufferPointer { a in
        scratch.withUnsafeMutableBufferPointer { b in
            counts.withUnsafeMutableBufferPointer { c in
                for v in a {
                    let key = radixKey(v)
                    c[Int(key & 0x7FF)] += 1
                    c[2048 + Int((key >> 11) & 0x7FF)] += 1
                    c[4096 + Int(key >> 22)] += 1
                }
                for pass in 0..<3 {
                    var sum = 0
                    for d in 0..<2048 {
                        let count = c[pass * 2048 + d]
                        c[pass * 2048 + d] = sum
                        sum += count
                    }
                }
                var src = a, dst = b
                for pass in 0..<3 {
                    let shift = UInt32(11 * pass)
                    for i in 0..<n {
                        let v = src[i]
                        let digit = pass * 2048 + Int((radixKey(v) >> shift) & 0x7FF)
                        dst[c[digit]] = v
                        c[digit] += 1
                    }
                    swap(&src, &dst)
                }
                // After three passes the result sits in the scratch buffer.
                for i in 0..<n { a[i] = src[i] }
            }
        }
    }
}

@inline(__always)
private func radixKey(_ v: Float) -> UInt32 {
    let bits = v.bitPattern
    return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
}
