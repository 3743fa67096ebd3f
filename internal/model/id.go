package model

import (
	"crypto/rand"
	"encoding/binary"
	"sync"
	"time"
)

// crockford is the base-32 alphabet of our ids: no I, L, O or U.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

var idState struct {
	sync.Mutex
	lastMS uint64
	seq    uint16
}

// NewID returns a new opaque id: 16 characters, sortable by creation time
// (48 bits of milliseconds), then a sequence number and random bits so that
// ids made in the same millisecond on one process still sort in order and
// ids from different processes do not collide.
func NewID() string {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	ms := uint64(time.Now().UnixMilli())
	idState.Lock()
	if ms <= idState.lastMS {
		ms = idState.lastMS
		idState.seq++
	} else {
		idState.lastMS = ms
		idState.seq = binary.BigEndian.Uint16(rnd[:2]) & 0x0fff
	}
	seq := idState.seq
	idState.Unlock()
	// 48 bits time, 16 bits seq, 16 bits random = 80 bits = 16 base-32 chars.
	hi := ms<<16 | uint64(seq)
	lo := uint64(binary.BigEndian.Uint16(rnd[2:4]))
	var out [16]byte
	for i := 15; i >= 0; i-- {
		out[i] = crockford[lo&31]
		// shift the 80-bit number (hi:lo, lo holds 16 bits) right by 5
		lo = (lo >> 5) | (hi&31)<<11
		hi >>= 5
	}
	return string(out[:])
}

// ValidID reports whether s has the shape of an id made by NewID. It keeps
// garbage out of queries; it does not say the id exists.
func ValidID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z') || c == 'i' || c == 'l' || c == 'o' || c == 'u' {
			return false
		}
	}
	return true
}

// Now is the current time as the database keeps it: UTC, to the microsecond.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
