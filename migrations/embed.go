// Package migrations embeds Portal's versioned SQL, one folder per database.
// Files are named NNNN_what.sql, applied in order, forward only; a file that
// has shipped is never edited.
package migrations

import "embed"

// FS holds postgres/*.sql and sqlite/*.sql.
//
//go:embed postgres/*.sql sqlite/*.sql
var FS embed.FS
