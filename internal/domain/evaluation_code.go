package domain

import "strings"

// A voting code is the evaluation's tag (3 characters) and 10 random
// characters from Crockford's base-32 alphabet (no I, L, O, U): 50 random
// bits, read aloud and typed without confusion, printed as
// "K7M-ABCDE-FGHJK". People type it back in any case, with or without the
// dashes, and with O for 0 or I/L for 1.

// VoteCodeAlphabet is the alphabet of codes and tags.
const VoteCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// Lengths of a code's parts.
const (
	VoteTagLen  = 3
	VoteBodyLen = 10
)

// FormatVoteCode prints a code with its dashes.
func FormatVoteCode(code string) string {
	if len(code) != VoteTagLen+VoteBodyLen {
		return code
	}
	return code[:3] + "-" + code[3:8] + "-" + code[8:]
}

// ParseVoteCode normalises a typed code and splits off its tag; ok is false
// when it cannot be a code.
func ParseVoteCode(s string) (code, tag string, ok bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '-' || r == ' ' || r == '\t':
			continue
		case r >= 'a' && r <= 'z':
			r -= 'a' - 'A'
		}
		switch r {
		case 'O':
			r = '0'
		case 'I', 'L':
			r = '1'
		}
		if r > 127 || !strings.ContainsRune(VoteCodeAlphabet, r) {
			return "", "", false
		}
		b.WriteRune(r)
		if b.Len() > VoteTagLen+VoteBodyLen {
			return "", "", false
		}
	}
	code = b.String()
	if len(code) != VoteTagLen+VoteBodyLen {
		return "", "", false
	}
	return code, code[:VoteTagLen], true
}

// VoteCodeFrom turns random bytes into code characters (one per byte; the
// alphabet has 32 letters so every byte maps evenly).
func VoteCodeFrom(random []byte) string {
	out := make([]byte, len(random))
	for i, v := range random {
		out[i] = VoteCodeAlphabet[v&31]
	}
	return string(out)
}
