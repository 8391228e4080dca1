/// Width-aware string shortening so labels never spill into neighbouring panes.
extension String {
    /// At most `width` columns; an ellipsis marks the cut.
    func truncated(to width: Int) -> String {
        guard width > 0 else { return "" }
        guard count > width else { return self }
        if width == 1 { return "…" }
        return String(prefix(width - 1)) + "…"
    }

    /// Exactly `width` columns: truncated or padded with spaces on the right.
    func padded(to width: Int) -> String {
        let t = truncated(to: width)
        return t + String(repeating: " ", count: Swift.max(0, width - t.count))
    }
}
