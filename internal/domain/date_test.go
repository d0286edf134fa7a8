package domain

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d := MustDate("2024-02-10")
	if d.String() != "2024-02-10" || d.Year() != 2024 || d.Month() != time.February || d.Day() != 10 || d.Weekday() != time.Saturday {
		t.Fatalf("parts of %v", d)
	}
	if d.MonthEnd() != MustDate("2024-02-29") || MustDate("2023-12-15").MonthEnd() != MustDate("2023-12-31") {
		t.Error("MonthEnd")
	}
	if DaysInclusive(MustDate("2023-01-01"), MustDate("2023-12-31")) != 365 || DaysInclusive(d, d) != 1 || DaysInclusive(d, d-1) != 0 {
		t.Error("DaysInclusive")
	}
	if DateOf(time.Date(2023, 7, 15, 23, 30, 0, 0, time.FixedZone("CST", 8*3600))) != MustDate("2023-07-15") {
		t.Error("DateOf keeps the civil date of its zone")
	}
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Error("zero date")
	}
	if _, err := ParseDate("2023-02-30"); err == nil {
		t.Error("2023-02-30 parsed")
	}
}

func TestDateJSONAndSQL(t *testing.T) {
	type row struct {
		A Date `json:"a"`
		B Date `json:"b"`
	}
	raw, _ := json.Marshal(row{A: MustDate("2023-07-15")})
	if string(raw) != `{"a":"2023-07-15","b":null}` {
		t.Fatalf("marshal: %s", raw)
	}
	var back row
	if err := json.Unmarshal([]byte(`{"a":"2023-07-15","b":""}`), &back); err != nil || back.A != MustDate("2023-07-15") || !back.B.IsZero() {
		t.Fatalf("unmarshal: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"a":"15/07/2023"}`), &back); err == nil {
		t.Error("bad date accepted")
	}
	var s Date
	for _, src := range []any{"2023-07-15", []byte("2023-07-15"), time.Date(2023, 7, 15, 0, 0, 0, 0, time.UTC)} {
		if err := s.Scan(src); err != nil || s != MustDate("2023-07-15") {
			t.Errorf("scan %T: %v %v", src, s, err)
		}
	}
	if err := s.Scan(nil); err != nil || !s.IsZero() {
		t.Error("scan NULL")
	}
	if v, _ := Date(0).Value(); v != nil {
		t.Error("zero date stores NULL")
	}
}

func TestAttainment(t *testing.T) {
	up := Indicator{Baseline: 100, Target: 200, Direction: DirectionUp}
	down := Indicator{Baseline: 50, Target: 30, Direction: DirectionDown}
	cases := []struct {
		ind  Indicator
		v    float64
		want float64
	}{
		{up, 150, 50}, {up, 200, 100}, {up, 100, 0}, {down, 40, 50}, {down, 30, 100},
		{Indicator{Target: 5, Baseline: 5}, 6, 100}, {Indicator{Target: 5, Baseline: 5, Direction: DirectionDown}, 6, 0},
	}
	for _, c := range cases {
		if got := c.ind.Attainment(c.v); got != c.want {
			t.Errorf("%+v at %v: %v, want %v", c.ind, c.v, got, c.want)
		}
	}
}
