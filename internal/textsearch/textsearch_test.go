package textsearch

import "testing"

func TestSearch(t *testing.T) {
	n, err := New()
	if err != nil {
		t.Fatal(err)
	}
	doc := n.Document("23", "推进义务教育优质均衡发展", "新建改扩建学校5所，教育集团化办学覆盖率达到８０％")
	cases := []struct {
		q    string
		want bool
	}{
		{"教育", true},
		{"教", true},
		{"教育 学校", true},
		{"教育 医院", false},
		{"義務教育", true}, // traditional finds simplified
		{"學校", true},   // traditional
		{"80%", true},  // full-width digits in the text
		{"８０", true},   // full-width in the query
		{"集团化 覆盖率", true},
		{"财政", false},
		{"", true}, // no terms match everything
	}
	for _, c := range cases {
		if got := n.ParseQuery(c.q).Match(doc); got != c.want {
			t.Errorf("%q on %q: %v, want %v", c.q, doc, got, c.want)
		}
	}
	// Simplified query against a traditional document.
	trad := n.Document("推進義務教育優質均衡發展")
	if !n.ParseQuery("义务教育").Match(trad) {
		t.Errorf("simplified query missed traditional text %q", trad)
	}
	// Letters fold to lower case.
	if !n.ParseQuery("ppp").Match(n.Document("PPP项目入库")) {
		t.Error("case folding")
	}
}

func FuzzNormalize(f *testing.F) {
	n, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"教育", "ＡＢＣ１２３％", "組織部長", "  a\tb  ", "、，；"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := n.Normalize(s)
		if twice := n.Normalize(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
		// A document always matches its own terms.
		if !n.ParseQuery(s).Match(n.Document(s)) {
			t.Fatalf("%q does not match itself", s)
		}
	})
}
