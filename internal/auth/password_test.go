package auth

import (
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("Luoshi-2023!", FastParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=8192,t=1,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := CheckPassword("Luoshi-2023!", h); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	if ok, _ := CheckPassword("luoshi-2023!", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("Luoshi-2023!", FastParams)
	if h2 == h {
		t.Fatal("salt not random")
	}
	if _, err := CheckPassword("x", "$2a$10$bcrypt"); err != ErrMalformedHash {
		t.Fatalf("malformed: %v", err)
	}
}

func TestStrength(t *testing.T) {
	cases := map[string]string{
		"short1A":        "err.password.short",
		"alllowercase1":  "err.password.classes",
		"Good-Pass-2023": "",
		"Office2023!x":   "err.password.login",
	}
	for pw, want := range cases {
		if got := CheckStrength(pw, "office"); got != want {
			t.Errorf("%q: %q, want %q", pw, got, want)
		}
	}
}

func TestOneTimePassword(t *testing.T) {
	p := OneTimePassword(16)
	if len(p) != 16 || strings.ContainsAny(p, "0O1lI") {
		t.Fatalf("otp %q", p)
	}
}
