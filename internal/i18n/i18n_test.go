package i18n

import (
	"regexp"
	"testing"
)

// Every language has every key, with the same format verbs in the same order.
func TestCatalogsAgree(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	base := b.cats[ZhHans]
	if len(base) == 0 {
		t.Fatal("zh-Hans catalog is empty")
	}
	for _, l := range Langs[1:] {
		for k, v := range base {
			tv, ok := b.cats[l][k]
			if !ok {
				t.Errorf("%s lacks %q", l, k)
				continue
			}
			if a, z := verbs.FindAllString(v, -1), verbs.FindAllString(tv, -1); len(a) != len(z) {
				t.Errorf("%s %q: verbs %v, zh-Hans has %v", l, k, z, a)
			} else {
				for i := range a {
					if a[i] != z[i] {
						t.Errorf("%s %q: verbs %v, zh-Hans has %v", l, k, z, a)
						break
					}
				}
			}
		}
		for k := range b.cats[l] {
			if _, ok := base[k]; !ok {
				t.Errorf("%s has %q, zh-Hans does not", l, k)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	cases := map[string]Lang{
		"":                    ZhHans,
		"zh-CN,zh;q=0.9":      ZhHans,
		"zh-TW":               ZhHant,
		"zh-Hant-HK,en;q=0.5": ZhHant,
		"en-US,en;q=0.9":      En,
		"fr-FR, en;q=0.5":     En,
		"de":                  ZhHans,
	}
	for in, want := range cases {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %s, want %s", in, got, want)
		}
	}
}
