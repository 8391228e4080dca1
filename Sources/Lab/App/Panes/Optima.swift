/// Measured optima (the best learning rate of a batch, a budget or a width) drawn alike in every sweep chart.
extension Mark {
    /// ● at an optimum, ○ where it lies on the grid's edge, so the fits leave it out.
    static func optimum(x: Double, y: Double, atEdge: Bool, style: Style = .highlight) -> Mark {
        Mark(x: x, y: y, shape: atEdge ? .ring : .dot, style: style)
    }
}

extension LineChart.Series {
    /// The optima joined by a highlighted line; its legend swatch is the ● each optimum is marked with.
    static func optima(_ name: String, points: [(x: Double, y: Double)], glyphs: GlyphMode) -> LineChart.Series {
        var s = LineChart.Series(name: name, points: points, pen: Pen(style: .highlight, priority: 4, glyph: "+"))
        s.swatch = String(Mark.Shape.dot.glyph(glyphs))
        return s
    }
}
