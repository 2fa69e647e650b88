// Package units holds the quantities every layer of pagesim shares: a byte
// count (Bytes) and a bit rate (BitRate), with their parsing and printing
// in one place ("1460B", "42KB", "4MiB", "1.5Mbps"), durations parsed with
// a required unit (ParseDuration), and the serialization time of a packet
// on a link (BitRate.TxTime).
//
// KB, MB and GB are SI (powers of 1000), KiB, MiB and GiB binary (powers
// of 1024); rates are SI. A bare number where a unit is needed is an error
// that says which unit to add. It imports nothing of pagesim, so plots and
// scenarios parse values without depending on the simulator.
package units
