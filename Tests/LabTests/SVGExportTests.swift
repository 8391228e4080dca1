import Foundation
import Models
import SWXMLHash
import Testing
@testable import Lab

/// Exported figures are real SVG: they parse, and each chart series is one vector polyline, not braille.
@Suite struct SVGExportTests {
    @Test func aLineChartBecomesOnePolylinePerSeries() throws {
        var b = Buffer(width: 80, height: 24)
        b.figures = []
        Fixtures.lossChart(.log).render(into: &b, area: b.area)
        let svg = SVGExport.document(b)
        let xml = XMLHash.parse(svg)
        #expect(xml["svg"].element != nil)
        let polylines = xml["svg"]["g"].all.flatMap { $0["polyline"].all }
        #expect(polylines.count == 2, "train and val: \(polylines.count)")
        let points = try #require(polylines.first?.element?.attribute(by: "points")?.text)
        #expect(points.split(separator: " ").count == Fixtures.trainLoss().count)
        #expect(!svg.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille inside the plot")
        #expect(svg.contains("loss (log)") && svg.contains(RoleColor.hex(.series(0))))
    }

    @Test func theDashboardExportsAsParseableSVGWithItsSamplesAsPoints() throws {
        let svg = vectorFigure(try midRunState(), width: 120, height: 36)
        let xml = XMLHash.parse(svg)
        let groups = xml["svg"]["g"].all
        let circles = groups.flatMap { $0["circle"].all }.count
        #expect(circles >= 400, "200 data points and 200 samples: \(circles)")
        #expect(groups.flatMap { $0["polyline"].all }.count >= 16 + 2, "16 sample paths and the two charts' series")
        #expect(groups.flatMap { $0["text"].all }.contains { $0.element?.text.contains("val excess") == true })
        let escaped = SVGExport.document({ var b = Buffer(width: 10, height: 1); b.write("a<b & \"c\"", x: 0, y: 0, style: .normal); return b }())
        #expect(XMLHash.parse(escaped)["svg"]["g"]["text"].element?.text == "a<b & \"c\"")
    }
}
