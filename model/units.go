package model

import (
	"time"

	"pagesim/model/units"
)

// The quantities of package units, re-exported so that model's API reads
// as one: model.Bytes, model.KB, model.ParseDuration.
type (
	// Bytes is a byte count (units.Bytes).
	Bytes = units.Bytes
	// BitRate is a link rate in bits per second (units.BitRate).
	BitRate = units.BitRate
)

// Size and rate multipliers (package units).
const (
	B    = units.B
	KB   = units.KB
	MB   = units.MB
	GB   = units.GB
	KiB  = units.KiB
	MiB  = units.MiB
	GiB  = units.GiB
	Bps  = units.Bps
	Kbps = units.Kbps
	Mbps = units.Mbps
	Gbps = units.Gbps
)

// ParseBytes is units.ParseBytes: a size with its unit, "42KB".
func ParseBytes(s string) (Bytes, error) { return units.ParseBytes(s) }

// ParseBitRate is units.ParseBitRate: a rate with its unit, "1.5Mbps".
func ParseBitRate(s string) (BitRate, error) { return units.ParseBitRate(s) }

// ParseDuration is units.ParseDuration: a duration with its unit, "100ms".
func ParseDuration(s string) (time.Duration, error) { return units.ParseDuration(s) }
