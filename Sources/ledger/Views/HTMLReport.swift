import LedgerCore

/// `ledger report --html FILE`: the program report as one self-contained page — inline CSS and
/// SVG, nothing loaded from the network — for people who will never open a terminal.
enum HTMLReport {
    static func render(_ result: ReadResult, log: String) -> String {
        let projection = result.projection
        let report = result.report
        let h = report.households, d = report.debts, f = report.fund
        let households = projection.households.values.sorted { $0.id < $1.id }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Program report — \(escape(log))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
            header{background:#1f3b57;color:#fff;padding:24px 32px}
            header h1{margin:0 0 6px;font-size:24px} header p{margin:0;opacity:.85;font-size:13px;overflow-wrap:anywhere}
            .scroll{overflow-x:auto}
            main{max-width:1100px;margin:0 auto;padding:24px 32px}
            @media (max-width:600px){main{padding:12px} header{padding:16px} section{padding:14px}}
            section{background:#fff;border-radius:8px;padding:20px 24px;margin:0 0 20px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
            h2{font-size:17px;margin:0 0 14px;color:#1f3b57}
            .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(180px,1fr));gap:14px}
            .card{background:#eef3f8;border-radius:6px;padding:12px 14px}
            .card b{display:block;font-size:22px;margin-bottom:2px} .card span{font-size:12px;color:#4a5567}
            table{border-collapse:collapse;width:100%;font-size:13px}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e3e6eb} td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            .matrix{display:grid;grid-template-columns:120px 1fr 1fr;gap:8px;max-width:560px;font-size:13px}
            .matrix div{padding:10px;border-radius:6px} .q{background:#dfe9f3;text-align:center} .q b{display:block;font-size:26px}
            .axis{font-size:11px;fill:#4a5567} .legend span{display:inline-block;margin-right:16px;font-size:12px}
            .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:middle}
            footer{font-size:11px;color:#6b7585;padding:0 32px 24px;max-width:1100px;margin:0 auto;word-break:break-all}
            </style></head><body>
            <header><h1>Program report</h1>
            <p>\(escape(log)) · seq \(projection.seq) · business dates up to \(CalendarDate.formatDate(days: projection.lastEffective)) · head \(result.position.head.hex)</p></header>
            <main>
            <section><h2>Key figures</h2><div class="cards">
            """
        let cards: [(String, String)] = [
            ("\(h.approached)", "households approached (yes \(h.answers["yes"] ?? 0) · maybe \(h.answers["maybe"] ?? 0) · no \(h.answers["no"] ?? 0))"),
            ("\(h.enrolled)", "enrolled, with \(h.people) people: \(h.adults) adults, \(h.minors) minors, \(h.adultChildren) adult children"),
            ("\(h.inventoried)", "inventoried · \(h.debtFree) debt-free · \(h.onlyRijksoverheidLeft) with only rijksoverheid left"),
            ("\(d.count)", "debts at \(d.creditors) creditors, \(d.resolved) resolved"),
            (Display.euros(d.totalCents), "total debt · average \(Display.euros(d.averagePerHouseholdCents)) per household"),
            (Display.euros(d.boughtOffCents), "debt bought off by the fund"),
            (Display.euros(f.paidCents), "paid from the fund of \(Display.euros(f.depositedCents))"),
            (Display.euros(f.availableCents), "available · \(Display.euros(f.committedCents)) committed"),
            (ReportCommand.format2(f.leverage), "euros of debt resolved per euro paid"),
        ]
        for (value, label) in cards { html += "<div class=\"card\"><b>\(escape(value))</b><span>\(escape(label))</span></div>" }
        html += "</div></section>\n"
        html += "<section><h2>Fund over time</h2>\(fundChart(projection.fund))</section>\n"
        html += "<section><h2>Debts by category</h2>\(categoryChart(households.filter(\.isInventoried)))</section>\n"
        html += "<section><h2>Typology of the \(h.enrolled) enrolled households</h2>\(matrix(report.typology))</section>\n"
        html += "<section><h2>Households</h2><div class=\"scroll\"><table><thead><tr><th>household</th><th>phase</th><th>coach</th><th>intensity</th><th class=\"n\">debts</th><th class=\"n\">open</th><th class=\"n\">remaining</th><th class=\"n\">fund spent</th><th>typology</th></tr></thead><tbody>"
        for household in households {
            let open = household.openDebts
            let typology = household.isEnrolled ? Typology.classify(household).quadrant ?? "—" : ""
            html += "<tr><td>\(escape(household.id))</td><td>\(household.phase.rawValue)</td><td>\(escape(household.coach ?? ""))</td><td>\(household.intensity ?? "")</td>"
                + "<td class=\"n\">\(household.debts.count)</td><td class=\"n\">\(open.count)</td><td class=\"n\">\(Display.euros(open.reduce(0) { $0 + $1.currentCents }))</td>"
                + "<td class=\"n\">\(Display.euros(household.fundSpentCents))</td><td>\(escape(typology))</td></tr>"
        }
        html += "</tbody></table></div></section></main>\n<footer>"
        if let files = try? ProjectionFiles.render(result) {
            html += "Projection digests (SHA-256): " + ProjectionFiles.names.map { "\($0) \(SHA256.hash(files[$0]!).hex)" }.joined(separator: " · ")
        }
        html += "</footer></body></html>\n"
        return html
    }

    /// Deposited, paid and available after each business day with a fund movement.
    static func fundChart(_ fund: FundLedger) -> String {
        // One pass over the movements in business-date order, a point at the end of each day.
        let movements = fund.movements.enumerated().sorted { ($0.element.on, $0.offset) < ($1.element.on, $1.offset) }.map(\.element)
        guard let first = movements.first?.on, let last = movements.last?.on, last > first else { return "<p>Not enough fund history for a chart.</p>" }
        var points: [(day: Int, deposited: Int64, paid: Int64, available: Int64)] = []
        var balances = FundStatement.Balances()
        for (index, movement) in movements.enumerated() {
            balances.apply(movement)
            if index == movements.count - 1 || movements[index + 1].on != movement.on {
                points.append((movement.on, balances.depositedCents, balances.paidCents, balances.availableCents))
            }
        }
        let width = 960.0, height = 260.0, left = 70.0, bottom = 30.0
        let highest = points.map { max($0.deposited, $0.available) }.max() ?? 1
        let step = niceStep(for: highest)
        let top = Double((highest + step - 1) / step * step)
        func x(_ day: Int) -> Double { left + Double(day - first) / Double(last - first) * (width - left - 10) }
        func y(_ cents: Int64) -> Double { (height - bottom) - Double(cents) / top * (height - bottom - 10) }
        func line(_ value: (Int, Int64, Int64, Int64) -> Int64, _ colour: String, dashed: Bool = false) -> String {
            // Steps, not slopes: balances change on a day and stay.
            var path = ""
            var previous: Double?
            for point in points {
                let py = y(value(point.day, point.deposited, point.paid, point.available))
                if let previous { path += " \(fmt(x(point.day))),\(fmt(previous))" }
                path += " \(fmt(x(point.day))),\(fmt(py))"
                previous = py
            }
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(path)\"/>"
        }
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\"fund over time\">"
        for cents in stride(from: Int64(0), through: Int64(top), by: Int(step)) {
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - 10))\" y1=\"\(fmt(y(cents)))\" y2=\"\(fmt(y(cents)))\" stroke=\"#e3e6eb\"/>"
            svg += "<text class=\"axis\" x=\"\(fmt(left - 6))\" y=\"\(fmt(y(cents) + 4))\" text-anchor=\"end\">\(escape(Display.euros(cents)))</text>"
        }
        svg += "<text class=\"axis\" x=\"\(fmt(left))\" y=\"\(fmt(height - 8))\">\(CalendarDate.formatDate(days: first))</text>"
        svg += "<text class=\"axis\" x=\"\(fmt(width - 10))\" y=\"\(fmt(height - 8))\" text-anchor=\"end\">\(CalendarDate.formatDate(days: last))</text>"
        // Deposited last and dashed: until money is paid out it coincides with "available".
        svg += line({ _, _, _, available in available }, "#2e8b57") + line({ _, _, paid, _ in paid }, "#d9822b")
            + line({ _, deposited, _, _ in deposited }, "#1f3b57", dashed: true)
        svg += "</svg>"
        let legend = [("#1f3b57", "deposited"), ("#2e8b57", "available"), ("#d9822b", "paid to creditors")]
            .map { "<span><i class=\"swatch\" style=\"background:\($0.0)\"></i>\($0.1)</span>" }.joined()
        return svg + "<div class=\"legend\">\(legend)</div>"
    }

    /// Total per category, with the part bought off by the fund.
    static func categoryChart(_ households: [HouseholdStatus]) -> String {
        let debts = households.flatMap(\.debts.values)
        let rows = DebtCategory.allCases.map { category -> (String, Int64, Int64) in
            let inCategory = debts.filter { $0.category == category.rawValue }
            return (category.rawValue, inCategory.reduce(0) { $0 + $1.currentCents },
                    inCategory.filter { $0.resolution == "boughtOff" }.reduce(0) { $0 + $1.currentCents })
        }.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }
        guard let largest = rows.first?.1 else { return "<p>No inventoried debts yet.</p>" }
        let barWidth = 600.0, rowHeight = 30.0, label = 120.0
        var svg = "<svg viewBox=\"0 0 \(Int(label + barWidth + 150)) \(Int(rowHeight * Double(rows.count) + 10))\" width=\"100%\" role=\"img\" aria-label=\"debts by category\">"
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 5
            let total = Double(row.1) / Double(largest) * barWidth, bought = Double(row.2) / Double(largest) * barWidth
            svg += "<text class=\"axis\" x=\"\(fmt(label - 8))\" y=\"\(fmt(y + 15))\" text-anchor=\"end\">\(row.0)</text>"
            svg += "<rect x=\"\(fmt(label))\" y=\"\(fmt(y))\" width=\"\(fmt(total))\" height=\"20\" fill=\"#c9d6e4\" rx=\"3\"/>"
            svg += "<rect x=\"\(fmt(label))\" y=\"\(fmt(y))\" width=\"\(fmt(bought))\" height=\"20\" fill=\"#1f3b57\" rx=\"3\"/>"
            svg += "<text class=\"axis\" x=\"\(fmt(label + total + 6))\" y=\"\(fmt(y + 15))\">\(escape(Display.euros(row.1)))</text>"
        }
        svg += "</svg>"
        return svg + "<div class=\"legend\"><span><i class=\"swatch\" style=\"background:#1f3b57\"></i>bought off by the fund</span><span><i class=\"swatch\" style=\"background:#c9d6e4\"></i>total debt</span></div>"
    }

    /// A round grid step — 1, 2 or 5 times a power of ten euros — giving at most five lines.
    static func niceStep(for cents: Int64) -> Int64 {
        var magnitude: Int64 = 100
        while true {
            for multiple: Int64 in [1, 2, 5] where cents / (multiple * magnitude) < 5 { return multiple * magnitude }
            magnitude *= 10
        }
    }

    static func matrix(_ counts: [String: Int]) -> String {
        func cell(_ name: String) -> String { "<div class=\"q\"><b>\(counts[name] ?? 0)</b>\(escape(name))</div>" }
        return "<div class=\"matrix\"><div></div><div><b>light</b> multi-problem</div><div><b>severe</b> multi-problem</div>"
            + "<div><b>self-reliant</b></div>\(cell("Nieuwe start"))\(cell("Kantelpunt"))"
            + "<div><b>vulnerable</b></div>\(cell("Wankel evenwicht"))\(cell("Langdurig herstel"))</div>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func fmt(_ value: Double) -> String {
        // One decimal is plenty for a chart and keeps the page small.
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
