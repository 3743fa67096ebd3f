package store

import (
	"context"
	"database/sql/driver"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL, bun sends every query as one string with its arguments
// already written into it. Through database/sql, pgx would still prepare
// such a query (a round trip), cache the statement under its text — which
// no later query repeats — and deallocate it when the cache overflows
// (another round trip). pgx's own Exec sends statements without arguments
// with the simple protocol, in one round trip; simpleQueries makes queries
// do the same. Statements that do carry arguments (River's) keep pgx's
// statement cache.

// simpleQueries wraps the pool's connector.
type simpleQueries struct{ driver.Connector }

// Connect wraps each connection.
func (c simpleQueries) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if sc, ok := conn.(*stdlib.Conn); ok {
		return simpleQueryConn{sc}, nil
	}
	return conn, nil
}

// simpleQueryConn is a pgx connection whose argument-less queries use the
// simple protocol. Every other method is pgx's.
type simpleQueryConn struct{ *stdlib.Conn }

// QueryContext runs query; without arguments, in one round trip.
func (c simpleQueryConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) == 0 {
		// pgx reads a leading QueryExecMode argument as an option, not a
		// parameter.
		args = []driver.NamedValue{{Ordinal: 1, Value: pgx.QueryExecModeSimpleProtocol}}
	}
	return c.Conn.QueryContext(ctx, query, args)
}
