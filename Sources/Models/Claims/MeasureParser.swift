import Foundation

/// Recursive descent over a measure's text: expr = term (('+'|'-') term)*, term = unary (('*'|'/') unary)*,
/// unary = '-' unary | primary, primary = number | name | function '(' args ')' | '(' expr ')'.
struct MeasureParser {
    typealias Node = ClaimMeasure.Node
    typealias SyntaxError = ClaimMeasure.SyntaxError
    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    /// The whole text as one expression; anything left over is an error.
    mutating func parse() throws(SyntaxError) -> Node {
        skipSpace()
        guard i < chars.count else { throw SyntaxError(description: "empty measure") }
        let n = try expression()
        skipSpace()
        if i < chars.count { throw unexpected() }
        return n
    }

    private mutating func expression() throws(SyntaxError) -> Node {
        var n = try term()
        while let op = peek(), op == "+" || op == "-" {
            i += 1
            n = .binary(op, n, try term())
        }
        return n
    }

    private mutating func term() throws(SyntaxError) -> Node {
        var n = try unary()
        while let op = peek(), op == "*" || op == "/" {
            i += 1
            n = .binary(op, n, try unary())
        }
        return n
    }

    private mutating func unary() throws(SyntaxError) -> Node {
        if peek() == "-" {
            i += 1
            return .negate(try unary())
        }
        return try primary()
    }

    private mutating func primary() throws(SyntaxError) -> Node {
        guard let c = peek() else { throw SyntaxError(description: "the measure ends where a value is expected") }
        if c == "(" {
            i += 1
            let n = try expression()
            try expect(")")
            return n
        }
        if c.isASCII, c.isNumber || c == "." { return try number() }
        guard c.isASCII, c.isLetter || c == "_" else { throw unexpected() }
        let start = i
        while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." { i += 1 }
        let name = String(chars[start..<i])
        guard peek() == "(" else {
            if name.hasSuffix(".") { throw SyntaxError(description: "metric name '\(name)' ends with '.'") }
            return .metric(name)
        }
        guard let arity = ClaimMeasure.functions[name] else {
            throw SyntaxError(description: "unknown function '\(name)' (abs, min, max, log10)")
        }
        i += 1
        var args = [try expression()]
        while peek() == "," {
            i += 1
            args.append(try expression())
        }
        try expect(")")
        guard args.count == arity else {
            throw SyntaxError(description: "\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(args.count)")
        }
        return .call(name, args)
    }

    /// Digits, an optional fraction and an optional exponent (`1e-4`, `0.6`, `.5`).
    private mutating func number() throws(SyntaxError) -> Node {
        let start = i
        func digits() { while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 } }
        digits()
        if i < chars.count, chars[i] == "." { i += 1; digits() }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII, chars[j].isNumber { i = j; digits() }
        }
        let text = String(chars[start..<i])
        guard let x = Double(text) else { throw SyntaxError(description: "bad number '\(text)'") }
        return .number(x)
    }

    private mutating func expect(_ c: Character) throws(SyntaxError) {
        guard peek() == c else {
            throw i < chars.count ? unexpected() : SyntaxError(description: "missing '\(c)' at the end")
        }
        i += 1
    }

    /// The next non-space character, without consuming it.
    private mutating func peek() -> Character? {
        skipSpace()
        return i < chars.count ? chars[i] : nil
    }

    private mutating func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }

    private func unexpected() -> SyntaxError {
        // Escaped, so a control character in a preset cannot break the one-line error.
        SyntaxError(description: "unexpected \(ConfigError.quoted(String(chars[i]))) at character \(i + 1)")
    }
}
