/// A dense row-major Float32 matrix: one contiguous buffer, so BLAS and SIMD kernels read it directly.
public struct Matrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var data: [Float]

    public init(rows: Int, cols: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "negative matrix shape")
        self.rows = rows
        self.cols = cols
        self.data = [Float](repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, data: [Float]) {
        precondition(data.count == rows * cols, "data count \(data.count) != \(rows)x\(cols)")
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    public var count: Int { rows * cols }

    public subscript(row: Int, col: Int) -> Float {
        get { data[row * cols + col] }
        set { data[row * cols + col] = newValue }
    }

    /// Changes the shape, reusing the buffer's capacity; contents are unspecified afterwards.
    public mutating func reshape(rows newRows: Int, cols newCols: Int) {
        let n = newRows * newCols
        if n != data.count {
            if n < data.count {
                data.removeLast(data.count - n)
            } else {
                data.append(contentsOf: repeatElement(0, count: n - data.count))
            }
        }
        rows = newRows
        cols = newCols
    }

    public mutating func fill(_ value: Float) {
        data.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = value }
        }
    }

    /// The transpose, as a new matrix (for tests and one-off use, not hot loops).
    public func transposed() -> Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { t.data[c * rows + r] = data[r * cols + c] }
        }
        return t
    }

    /// Frobenius norm, accumulated in Double.
    public var frobeniusNorm: Float {
        var s = 0.0
        for v in data { s += Double(v) * Double(v) }
        return Float(s.squareRoot())
    }

    public func row(_ r: Int) -> ArraySlice<Float> { data[(r * cols)..<((r + 1) * cols)] }
}

extension Matrix {
    /// self += other, element by element (same shape).
    public mutating func add(_ other: Matrix) {
        precondition(count == other.count, "add: shape mismatch")
        data.withUnsafeMutableBufferPointer { a in
            other.data.withUnsafeBufferPointer { b in
                for j in 0..<a.count { a[j] += b[j] }
            }
        }
    }

    /// self = scale · other, element by element (same shape).
    public mutating func setScaled(_ other: Matrix, _ scale: Float) {
        precondition(count == other.count, "setScaled: shape mismatch")
        data.withUnsafeMutableBufferPointer { a in
            other.data.withUnsafeBufferPointer { b in
                for j in 0..<a.count { a[j] = scale * b[j] }
            }
        }
    }
}
