package units

import (
	"fmt"
	"math"
	mathbits "math/bits"
	"strconv"
	"strings"
	"time"
)

// Bytes is a byte count. Sizes of objects, headers, windows and segments are
// Bytes; parsing and printing live here (ParseBytes, String).
type Bytes int64

// Size multipliers. KB, MB and GB are SI (powers of 1000); KiB, MiB, GiB are
// binary (powers of 1024), as DESIGN §7 fixes.
const (
	B   Bytes = 1
	KB  Bytes = 1000
	MB  Bytes = 1000 * KB
	GB  Bytes = 1000 * MB
	KiB Bytes = 1024
	MiB Bytes = 1024 * KiB
	GiB Bytes = 1024 * MiB
)

// BitRate is a link rate in bits per second.
type BitRate int64

// Rate multipliers (SI).
const (
	Bps  BitRate = 1
	Kbps BitRate = 1000
	Mbps BitRate = 1000 * Kbps
	Gbps BitRate = 1000 * Mbps
)

// TxTime is the time to serialize b bytes at rate r, rounded up to the next
// nanosecond so that a link never carries more than its rate. A time too
// long for a time.Duration (terabytes at a few bps) saturates at the
// largest Duration, like every deadline of the engine (sim.Add).
func (r BitRate) TxTime(b Bytes) time.Duration {
	if b <= 0 {
		return 0
	}
	if r <= 0 {
		return math.MaxInt64
	}
	bits := uint64(b) * 8
	// ceil(bits * 1e9 / r) without overflow: split into whole seconds and
	// remainder (rem < rate ≤ 2^63, so rem·1e9 needs the 128-bit product).
	rate := uint64(r)
	sec := bits / rate
	rem := bits % rate
	if sec >= uint64(math.MaxInt64/int64(time.Second)) {
		return math.MaxInt64
	}
	hi, lo := mathbits.Mul64(rem, 1e9)
	lo, carry := mathbits.Add64(lo, rate-1, 0)
	ns, _ := mathbits.Div64(hi+carry, lo, rate)
	return time.Duration(sec)*time.Second + time.Duration(ns)
}

// TxClock is TxTime at one rate that remembers the last size it was
// asked for: a link carries mostly full segments and pure ACKs, a
// receiver counts mostly full segments' payloads, and TxTime divides
// twice. The zero value is not usable; call NewTxClock.
type TxClock struct {
	rate BitRate
	size Bytes
	t    time.Duration
}

// NewTxClock returns a TxClock at rate r.
func NewTxClock(r BitRate) TxClock { return TxClock{rate: r, size: -1} }

// TxTime is r.TxTime(b).
func (c *TxClock) TxTime(b Bytes) time.Duration {
	if b != c.size {
		c.size, c.t = b, c.rate.TxTime(b)
	}
	return c.t
}

// unit is a suffix and what it multiplies.
type unit[T ~int64] struct {
	suffix string
	mult   T
}

var byteUnits = []unit[Bytes]{
	{"KiB", KiB}, {"MiB", MiB}, {"GiB", GiB},
	{"KB", KB}, {"MB", MB}, {"GB", GB},
	{"B", B},
}

var rateUnits = []unit[BitRate]{
	{"Gbps", Gbps}, {"Mbps", Mbps}, {"kbps", Kbps}, {"Kbps", Kbps}, {"bps", Bps},
}

// The units each parser accepts, as its errors list them.
const (
	byteUnitList     = "units B, KB, KiB, MB, MiB, GB, GiB"
	rateUnitList     = "units bps, kbps, Mbps, Gbps"
	durationUnitList = "units us, ms, s"
)

// ParseBytes parses a size with its unit: "1460B", "42KB", "4MiB", "1.5MB".
// A bare number is an error that names the units to use, and so is an
// unknown unit ("1TB").
func ParseBytes(s string) (Bytes, error) {
	if v, ok, err := parseScaled(s, "size", byteUnits); ok {
		return v, err
	}
	if t := strings.TrimSpace(s); isNumber(t) {
		return 0, fmt.Errorf("size %q needs a unit (e.g. %sB or %sKB; %s)", s, t, t, byteUnitList)
	}
	return 0, unitError("size", s, "42KB", byteUnitList)
}

// ParseBitRate parses a rate with its unit: "56kbps", "1.5Mbps", "1Gbps".
func ParseBitRate(s string) (BitRate, error) {
	if v, ok, err := parseScaled(s, "rate", rateUnits); ok {
		return v, err
	}
	if t := strings.TrimSpace(s); isNumber(t) {
		return 0, fmt.Errorf("rate %q needs a unit (e.g. %sMbps; %s)", s, t, rateUnitList)
	}
	return 0, unitError("rate", s, "1.5Mbps", rateUnitList)
}

// parseScaled parses s as a non-negative number followed by one of units'
// suffixes (the first that fits, so longer suffixes come first), rounded
// to a whole T; ok is false when no suffix fits. what names the quantity
// in errors.
func parseScaled[T ~int64](s, what string, units []unit[T]) (v T, ok bool, err error) {
	t := strings.TrimSpace(s)
	for _, u := range units {
		num, found := strings.CutSuffix(t, u.suffix)
		if !found || !isNumber(num) {
			continue
		}
		f, err := parseNonNeg(num, s)
		if err != nil {
			return 0, true, err
		}
		f *= float64(u.mult)
		if f > math.MaxInt64/2 {
			return 0, true, fmt.Errorf("%s %q is too large", what, s)
		}
		return T(math.Round(f)), true, nil
	}
	return 0, false, nil
}

// ParseDuration parses a duration with its unit: "100ms", "1.5s", "250us".
// Units: ns, us (or µs), ms, s, m, h. A bare number is an error that says
// which unit to add. Negative durations are refused.
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if isNumber(t) {
		return 0, fmt.Errorf("duration %q needs a unit (e.g. %sms; %s)", s, t, durationUnitList)
	}
	d, err := time.ParseDuration(t)
	if err != nil {
		return 0, unitError("duration", s, "100ms", durationUnitList)
	}
	if d < 0 {
		return 0, fmt.Errorf("duration %q is negative", s)
	}
	return d, nil
}

// unitError says what is wrong with a value that did not parse: a number
// with a unit the parser does not know ("1TB": unknown unit "TB"), or not
// a number with a unit at all; either way it lists the units.
func unitError(what, s, example, units string) error {
	t := strings.TrimSpace(s)
	i := strings.LastIndexAny(t, "0123456789.") + 1
	if num, unit := t[:i], strings.TrimSpace(t[i:]); unit != "" && isNumber(num) {
		return fmt.Errorf("%s %q: unknown unit %q (%s)", what, s, unit, units)
	}
	return fmt.Errorf("%s %q is not a number with a unit (e.g. %s; %s)", what, s, example, units)
}

// isNumber reports whether s is a finite decimal number.
func isNumber(s string) bool {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func parseNonNeg(num, orig string) (float64, error) {
	num = strings.TrimSpace(num)
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number with a unit", orig)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative", orig)
	}
	return v, nil
}

// String prints b with the largest SI unit that keeps it readable.
func (b Bytes) String() string {
	switch {
	case b >= MB && b%(MB/1000) == 0:
		return trimFloat(float64(b)/float64(MB)) + "MB"
	case b >= KB && b%(KB/1000) == 0:
		return trimFloat(float64(b)/float64(KB)) + "KB"
	}
	return strconv.FormatInt(int64(b), 10) + "B"
}

// String prints r with the largest SI unit that divides it.
func (r BitRate) String() string {
	switch {
	case r >= Gbps:
		return trimFloat(float64(r)/float64(Gbps)) + "Gbps"
	case r >= Mbps:
		return trimFloat(float64(r)/float64(Mbps)) + "Mbps"
	case r >= Kbps:
		return trimFloat(float64(r)/float64(Kbps)) + "kbps"
	}
	return strconv.FormatInt(int64(r), 10) + "bps"
}

func trimFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
