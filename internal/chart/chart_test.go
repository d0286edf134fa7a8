package chart

import (
	"encoding/xml"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/luoshi/luoshi/internal/domain"
)

// node is a parsed SVG element.
type node struct {
	name  string
	attr  map[string]string
	text  string // character data directly inside
	kids  []*node
	up    *node
	order int
}

// parse reads out with encoding/xml, failing the test when it is not
// well-formed, and returns the root element.
func parse(t *testing.T, out template.HTML) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = true
	var root, cur *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}, up: cur}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if cur == nil {
				if root != nil {
					t.Fatalf("more than one root element")
				}
				root = n
			} else {
				cur.kids = append(cur.kids, n)
			}
			cur = n
		case xml.EndElement:
			cur = cur.up
		case xml.CharData:
			if cur != nil {
				cur.text += string(tk)
			} else if strings.TrimSpace(string(tk)) != "" {
				t.Fatalf("text outside the root: %q", tk)
			}
		}
	}
	if root == nil || root.name != "svg" {
		t.Fatalf("root is not <svg>: %s", out)
	}
	return root
}

// find returns the elements below n (n included) with the given name and
// class; empty arguments match anything.
func (n *node) find(name, class string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if (name == "" || m.name == name) && (class == "" || m.hasClass(class)) {
			out = append(out, m)
		}
		for _, k := range m.kids {
			walk(k)
		}
	}
	walk(n)
	return out
}

func (n *node) hasClass(c string) bool {
	return slices.Contains(strings.Fields(n.attr["class"]), c)
}

// f reads a numeric attribute.
func (n *node) f(t *testing.T, a string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr[a], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, a, n.attr[a], err)
	}
	return v
}

// tip returns the text of n's <title> child.
func (n *node) tip() string {
	for _, k := range n.kids {
		if k.name == "title" {
			return k.text
		}
	}
	return ""
}

// texts returns every piece of character data in the tree.
func (n *node) texts() []string {
	var out []string
	for _, m := range n.find("", "") {
		if m.text != "" {
			out = append(out, m.text)
		}
	}
	return out
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

const nasty = `<b>&"x"`

// edgeCases are inputs that must render without panicking.
func edgeCases() map[string]template.HTML {
	one := []Series{{Name: "a", Points: []Point{{date("2025-03-01"), 40}}}}
	return map[string]template.HTML{
		"trajectory-empty":     Trajectory(TrajectoryData{}),
		"trajectory-no-points": Trajectory(TrajectoryData{Series: []Series{{Name: "a"}}}),
		"trajectory-one":       Trajectory(TrajectoryData{Series: one}),
		"trajectory-nan":       Trajectory(TrajectoryData{Series: []Series{{Points: []Point{{date("2025-03-01"), math.NaN()}, {time.Time{}, 3}}}}}),
		"trajectory-from-only": Trajectory(TrajectoryData{From: date("2025-06-01"), Series: one}),
		"trajectory-24-months": Trajectory(TrajectoryData{From: date("2024-01-01"), To: date("2025-12-31"), Today: date("2025-02-01"), TodayLabel: "t"}),
		"gantt-empty":          Gantt(GanttData{}),
		"gantt-odd": Gantt(GanttData{Year: 2025, Rows: []GanttRow{
			{Label: "before", Start: date("2023-01-01"), Due: date("2024-03-01"), Status: "overdue"},
			{Label: "after", Start: date("2026-02-01"), Due: date("2026-03-01")},
			{Label: "inverted", Start: date("2025-05-01"), Due: date("2025-02-01"), Progress: 250},
			{Label: "", Status: "bogus", Progress: -3, Milestones: []GanttMilestone{{}, {At: date("2030-01-01")}}},
		}}),
		"heatmap-empty":   Heatmap(HeatmapData{}),
		"heatmap-ragged":  Heatmap(HeatmapData{Rows: []string{"a", "b"}, Cols: []string{"1", "2", "3"}, Values: [][]float64{{1}}, Missing: [][]bool{{false, true, true, true}}}),
		"heatmap-no-cols": Heatmap(HeatmapData{Rows: []string{"a"}}),
		"statusbar-empty": StatusBar(nil, 0, ""),
		"statusbar-zero":  StatusBar([]StatusCount{{Status: "done", Label: "d"}}, 0, "t"),
		"donut-empty":     Donut(nil, 0, ""),
		"donut-one":       Donut([]StatusCount{{Status: "done", Label: "d", Count: 4}}, 4, "t"),
		"bars-empty":      Bars(BarsData{}),
		"bars-zero":       Bars(BarsData{Items: []BarItem{{Label: "z", Marker: -1}, {Label: "n", Value: math.NaN(), Marker: math.Inf(1)}}}),
	}
}

// TestWellFormed checks every sample and edge case: XML, one <svg> with
// the accessibility and scaling attributes, no ids, no scripts.
func TestWellFormed(t *testing.T) {
	all := samples()
	for k, v := range edgeCases() {
		all[k] = v
	}
	for name, out := range all {
		t.Run(name, func(t *testing.T) {
			root := parse(t, out)
			if root.attr["width"] != "100%" || root.attr["height"] != "" || root.attr["role"] != "img" {
				t.Errorf("svg attributes = %v", root.attr)
			}
			vb := strings.Fields(root.attr["viewBox"])
			if len(vb) != 4 || vb[0] != "0" || vb[1] != "0" {
				t.Fatalf("viewBox = %q", root.attr["viewBox"])
			}
			if len(root.kids) < 2 || root.kids[0].name != "title" || root.kids[1].name != "desc" {
				t.Errorf("svg must start with <title> and <desc>")
			}
			if !root.hasClass("ch") {
				t.Errorf("root lacks class ch")
			}
			s := string(out)
			for _, bad := range []string{" id=", "<script", "style=", "NaN", "Inf"} {
				if strings.Contains(s, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			// Every element stays inside the viewBox horizontally.
			w, _ := strconv.ParseFloat(vb[2], 64)
			for _, n := range root.find("rect", "") {
				if x := n.f(t, "x"); x < -0.01 || x+n.f(t, "width") > w+0.01 {
					t.Errorf("rect %v outside width %v", n.attr, w)
				}
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := samples(), samples()
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s: two renders differ", name)
		}
	}
}

// TestEscaping passes markup through every caller string and expects it
// back as text, never as an element.
func TestEscaping(t *testing.T) {
	at := date("2025-05-01")
	cases := map[string]template.HTML{
		"trajectory": Trajectory(TrajectoryData{Title: nasty, Desc: nasty, YLabel: nasty, TodayLabel: nasty, HalfLabel: nasty,
			Today: at, Series: []Series{{Name: nasty, Color: `red" onclick="x`, Points: []Point{{at, 1}, {at.AddDate(0, 1, 0), 2}}}},
			MonthLabel: func(time.Month) string { return nasty }}),
		"gantt": Gantt(GanttData{Title: nasty, Desc: nasty, Year: 2025, TodayLabel: nasty, Today: at, MonthLabels: [12]string{nasty},
			Legend: []StatusCount{{Status: "done", Label: nasty}}, MilestoneLabels: [3]string{nasty},
			Rows: []GanttRow{{Label: nasty, StatusLabel: nasty, Link: `/t?a=1&b="2"`, Milestones: []GanttMilestone{{At: at, Label: nasty}}}}}),
		"heatmap": Heatmap(HeatmapData{Title: nasty, Desc: nasty, Rows: []string{nasty}, Cols: []string{nasty}, Legend: nasty,
			MissingLabel: nasty, RowLinks: []string{"/u?x=<1>"}, Scale: Scale{Stops: []Stop{{Color: "#fff", Label: nasty}}}}),
		"statusbar": StatusBar([]StatusCount{{Status: "done", Label: nasty, Count: 1, Link: "/a&b"}}, 1, nasty),
		"donut":     Donut([]StatusCount{{Status: "done", Label: nasty, Count: 1, Link: "/a&b"}}, 1, nasty),
		"bars": Bars(BarsData{Title: nasty, Desc: nasty, MarkerLabel: nasty,
			Items: []BarItem{{Label: nasty, ValueLabel: nasty, Link: "/u&v", Value: 1, Marker: 0.5}}}),
	}
	for name, out := range cases {
		t.Run(name, func(t *testing.T) {
			s := string(out)
			if strings.Contains(s, "<b>") || strings.Contains(s, `"x"`) || strings.Contains(s, "onclick") {
				t.Fatalf("unescaped input in output: %s", s)
			}
			root := parse(t, out)
			if len(root.find("b", "")) > 0 {
				t.Fatalf("input became an element")
			}
			found := false
			for _, txt := range root.texts() {
				found = found || strings.Contains(txt, nasty)
			}
			if !found {
				t.Errorf("%q not found as text", nasty)
			}
			for _, a := range root.find("a", "") {
				if !strings.HasPrefix(a.attr["href"], "/") {
					t.Errorf("href = %q", a.attr["href"])
				}
			}
		})
	}
}

func TestUnsafeLinksDropped(t *testing.T) {
	for _, href := range []string{"javascript:alert(1)", " JavaScript:x", "data:text/html,x", "vbscript:x", "/ok\x00"} {
		out := Bars(BarsData{Items: []BarItem{{Label: "a", Link: href, Value: 1, Marker: -1}}})
		if n := len(parse(t, out).find("a", "")); n != 0 {
			t.Errorf("%q: %d links, want 0", href, n)
		}
	}
	for _, href := range []string{"/tasks/1", "tasks?x=1", "https://example.org/a", "#top", "mailto:a@b", "/a:b"} {
		if safeHref(href) != href {
			t.Errorf("safeHref(%q) = %q", href, safeHref(href))
		}
	}
}

func TestStatusColor(t *testing.T) {
	want := map[string]string{
		"done": "#2e7d32", "on_track": "#43a047", "due_soon": "#1e88e5", "lagging": "#f9a825",
		"severe": "#ef6c00", "overdue": "#c62828", "not_started": "#9e9e9e", "ongoing": "#6d4c41",
	}
	for s, c := range want {
		if got := StatusColor(s); got != c {
			t.Errorf("StatusColor(%q) = %q, want %q", s, got, c)
		}
	}
	// Every status the engine can produce has a colour of its own.
	for _, s := range domain.Statuses {
		if StatusColor(string(s)) == colorUnknown {
			t.Errorf("status %q has no colour", s)
		}
	}
	if StatusColor("nope") != colorUnknown {
		t.Errorf("unknown status colour")
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{pct(50), "50%"}, {pct(49.95), "50%"}, {pct(49.94), "49.9%"}, {pct(-0.01), "0%"}, {pct(100.0 / 3), "33.3%"},
		{num(1.005), "1"}, {num(12.345), "12.35"}, {num(-0.001), "0"}, {num(math.NaN()), "0"},
		{value1(-3.25), "-3.3"}, {value1(math.Inf(1)), "—"},
		{safeColor("#AbC", "d"), "#AbC"}, {safeColor("#12345", "d"), "d"}, {safeColor("rgb(1, 2, 3)", "d"), "rgb(1, 2, 3)"},
		{safeColor("url(#x)", "d"), "d"}, {safeColor("steelblue", "d"), "steelblue"}, {safeColor("red;x", "d"), "d"},
		{esc("a\x01b\tc"), "ab c"}, {esc(nasty), "&lt;b&gt;&amp;&#34;x&#34;"},
		{truncate("12 老旧小区改造提升工程", 200, 12), "12 老旧小区改造提升工程"},
		{truncate("12 老旧小区改造提升工程", 60, 12), "12 老旧…"},
		{truncate("abcdef", 1, 12), "…"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if l, _ := lighten("#000000", 0.5); l != "#808080" {
		t.Errorf("lighten = %q", l)
	}
	if inkOn("#c62828") != "#ffffff" || inkOn("#ffe082") != colorText {
		t.Errorf("inkOn picks the wrong ink")
	}
}
