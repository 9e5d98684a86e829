/// The few HTML building blocks the reports use: escaping, tables, and the page around them.
/// One self-contained page: its style is inline and it loads nothing.
public enum HTML {
    /// `text` with `&`, `<`, `>` and `"` escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
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

    /// A table with a header row; every cell is escaped text.
    public static func table(_ header: [String], _ rows: [[String]], id: String? = nil) -> String {
        var out = "<table\(id.map { " id=\"\(escape($0))\"" } ?? "")>\n<thead><tr>"
        out += header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table>\n"
    }

    /// An SVG file's text made fit to sit inside a page: the XML declaration and DOCTYPE removed.
    public static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        return String(svg[start.lowerBound...])
    }

    /// The page: title, inline style, body.
    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
        .verdict { background: #f3f7ff; border-left: 4px solid #2a62c9; padding: 0.6em 1em; }
        .verdict p { margin: 0.4em 0; font-size: 1.05em; }
        table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
        th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left; }
        th { background: #f4f4f4; }
        pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 0.85em; }
        figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
        figcaption { font-size: 0.9em; color: #555; }
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
