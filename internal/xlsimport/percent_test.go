package xlsimport

import (
	"errors"
	"math"
	"testing"
)

func TestParsePercent(t *testing.T) {
	cases := []struct {
		in     string
		want   float64
		reason Reason
	}{
		{"49%", 49, 0},
		{"49", 49, 0},
		{"49.5", 49.5, 0},
		{"49.5%", 49.5, 0},
		{"0.49", 49, 0},
		{"0.48999999999999999", 49, 0}, // Excel's raw value of 49%
		{"1", 1, 0},
		{"1.0", 100, 0},
		{"0", 0, 0},
		{"0.0", 0, 0},
		{"100", 100, 0},
		{"100%", 100, 0},
		{"1.5", 1.5, 0},
		{"6.0000000000000005E-2", 6, 0}, // raw exponent form
		{"４９％", 49, 0},
		{" 49 % ", 49, 0},
		{"已完成", 100, 0},
		{"完成", 100, 0},
		{"全部完成", 100, 0},
		{"已办结", 100, 0},
		{"未启动", 0, 0},
		{"未开始", 0, 0},
		{"completed", 100, 0},
		{"49%左右", 0, ReasonBadPercent},
		{"约49%", 0, ReasonBadPercent},
		{"", 0, ReasonBadPercent},
		{"%", 0, ReasonBadPercent},
		{"abc", 0, ReasonBadPercent},
		{"NaN", 0, ReasonBadPercent},
		{"Inf", 0, ReasonBadPercent},
		{"0x10", 0, ReasonBadPercent},
		{"1.2.3", 0, ReasonBadPercent},
		{"101", 0, ReasonPercentRange},
		{"120%", 0, ReasonPercentRange},
		{"-5%", 0, ReasonPercentRange},
		{"-0.5", 0, ReasonPercentRange},
	}
	for _, c := range cases {
		got, err := ParsePercent(c.in)
		if c.reason != 0 {
			var ve *ValueError
			if !errors.As(err, &ve) || ve.Reason != c.reason {
				t.Errorf("ParsePercent(%q) = %v, %v; want reason %d", c.in, got, err, c.reason)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParsePercent(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestPercentIn(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"主体完工,累计60%", 60, true},
		{"完成60%", 60, true},
		{"60%", 60, true},
		{"0.6", 60, true},
		{"完成", 100, true},
		{"完成投资的30%,同比增长8%", 30, true},
		{"税收同比增长8%", 0, false},
		{"Main works done, cumulative 60%", 60, true},
		{"60% complete", 60, true},
		{"出台实施方案", 0, false},
	}
	for _, c := range cases {
		got, ok, err := percentIn(c.in)
		if err != nil || ok != c.ok || got != c.want {
			t.Errorf("percentIn(%q) = %v, %v, %v; want %v, %v", c.in, got, ok, err, c.want, c.ok)
		}
	}
	if _, _, err := percentIn("累计120%"); err == nil {
		t.Error("percentIn(累计120%) gave no error")
	}
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"49%", "49", "49.5", "0.49", "1", "1.0", "４９％", "49%左右", "已完成", "未启动",
		"-5", "101", "1e-3", "6.0000000000000005E-2", "NaN", ".5", "5."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParsePercent(s)
		if err != nil {
			var ve *ValueError
			if !errors.As(err, &ve) {
				t.Fatalf("ParsePercent(%q) error %T is not a *ValueError", s, err)
			}
			return
		}
		if math.IsNaN(v) || v < 0 || v > 100 {
			t.Fatalf("ParsePercent(%q) = %v, outside 0..100", s, v)
		}
		// What was read, written as a percent, reads back the same.
		back, err := ParsePercent(fmtNum(v) + "%")
		if err != nil || math.Abs(back-v) > 0.01 {
			t.Fatalf("ParsePercent(%q) = %v, which reads back as %v, %v", s, v, back, err)
		}
	})
}
