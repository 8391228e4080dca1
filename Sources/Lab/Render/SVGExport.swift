import Foundation

/// A rendered screen as an SVG: its text in the screen's colours, and every chart's lines and points as real vector
/// shapes in place of their braille (what `s` saves beside the text dump, and `lab run --plot` writes).
enum SVGExport {
    static let cellWidth = 9.0, cellHeight = 18.0
    static let background = "#121218"

    static func document(_ b: Buffer) -> String {
        let w = Double(b.width) * cellWidth, h = Double(b.height) * cellHeight
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(w))\" height=\"\(n(h))\" viewBox=\"0 0 \(n(w)) \(n(h))\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"\(background)\"/>\n"
        let figures = b.figures ?? []
        out += "<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"15\" xml:space=\"preserve\">\n"
        for y in 0..<b.height { out += textRow(b, y: y, figures: figures) }
        out += "</g>\n"
        for (i, f) in figures.enumerated() { out += figure(f, id: i) }
        return out + "</svg>\n"
    }

    /// Runs of same-styled cells as <text>, each stretched to exactly its cells; braille inside a chart's plot is
    /// left out (the chart's vector shapes replace it).
    private static func textRow(_ b: Buffer, y: Int, figures: [VectorFigure]) -> String {
        var out = ""
        var x = 0
        func hidden(_ x: Int) -> Bool {
            let c = b[x, y].char
            guard let s = c.unicodeScalars.first, (0x2800...0x28FF).contains(s.value) else { return false }
            return figures.contains { $0.plot.contains(x: x, y: y) }
        }
        while x < b.width {
            let cell = b[x, y]
            if cell.char == " " || hidden(x) { x += 1; continue }
            var end = x + 1
            while end < b.width, b[end, y].style == cell.style, !hidden(end) { end += 1 }
            var text = (x..<end).map { String(b[$0, y].char) }.joined()
            while text.hasSuffix(" ") { text.removeLast(); end -= 1 }
            let weight = cell.style.bold ? " font-weight=\"bold\"" : ""
            let opacity = cell.style.role == .faint || cell.style.role == .dim ? " fill-opacity=\"0.8\"" : ""
            out += "<text x=\"\(n(Double(x) * cellWidth))\" y=\"\(n((Double(y) + 0.78) * cellHeight))\" textLength=\"\(n(Double(end - x) * cellWidth))\" "
                + "lengthAdjust=\"spacingAndGlyphs\" fill=\"\(RoleColor.hex(cell.style.role))\"\(weight)\(opacity)>\(escaped(text))</text>\n"
            x = end
        }
        return out
    }

    /// One chart: its lines as <polyline>s and points as <circle>s, clipped to the plot.
    private static func figure(_ f: VectorFigure, id: Int) -> String {
        let x0 = Double(f.plot.x) * cellWidth, y0 = Double(f.plot.y) * cellHeight
        let pw = Double(f.plot.width) * cellWidth, ph = Double(f.plot.height) * cellHeight
        let sx = f.xRange.1 > f.xRange.0 ? pw / (f.xRange.1 - f.xRange.0) : 0
        let sy = f.yRange.1 > f.yRange.0 ? ph / (f.yRange.1 - f.yRange.0) : 0
        func px(_ x: Double) -> Double { x0 + (sx == 0 ? pw / 2 : (x - f.xRange.0) * sx) }
        func py(_ y: Double) -> Double { y0 + ph - (sy == 0 ? ph / 2 : (y - f.yRange.0) * sy) }
        var out = "<clipPath id=\"plot\(id)\"><rect x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(pw))\" height=\"\(n(ph))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#plot\(id))\">\n"
        for p in f.points {
            out += "<circle cx=\"\(n(px(p.x)))\" cy=\"\(n(py(p.y)))\" r=\"\(n(p.radius))\" fill=\"\(RoleColor.hex(p.style.role))\""
                + (p.style.role == .faint ? " fill-opacity=\"0.6\"" : "") + "/>\n"
        }
        for l in f.lines where l.points.count > 1 {
            let pts = l.points.map { "\(n(px($0.x))),\(n(py($0.y)))" }.joined(separator: " ")
            let dash: String
            switch l.dash {
            case .solid: dash = ""
            case .dashed: dash = " stroke-dasharray=\"8 4\""
            case .dotted: dash = " stroke-dasharray=\"2 3\""
            case .dashDot: dash = " stroke-dasharray=\"8 3 2 3\""
            }
            let width = l.style.role == .faint ? 1 : 1.6
            out += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(RoleColor.hex(l.style.role))\" stroke-width=\"\(n(width))\"\(dash)/>\n"
        }
        return out + "</g>\n"
    }

    /// Two decimals at most: plenty for pixel positions, and short files.
    private static func n(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    private static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
