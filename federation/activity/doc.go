// Package activity reads incoming ActivityPub JSON into plain Go structs.
//
// The parser is deliberately forgiving about shape and strict about size. It
// does not expand JSON-LD; it reads the compacted AS2 documents that real
// servers send and copes with the ways they differ:
//
//   - any property may hold one value or an array of values (the first usable
//     one is taken where the model has room for one);
//   - a reference may be an IRI string, an object with an "id", or a Link with
//     an "href";
//   - the public collection may be written "as:Public", "Public" or in full,
//     and always comes out as [Public];
//   - a type may carry the "as:" prefix or the full vocabulary IRI, or be an
//     array of types, of which the first known one wins;
//   - name, summary and content are always plain text, whatever they start
//     with, and the *Map forms fill in when the plain property is missing;
//   - times may carry nanoseconds, a "Z", a numeric offset or no zone at all;
//   - "@context" and unknown properties are skipped without being decoded.
//
// Before anything is decoded a document is checked against [MaxSize] and
// [MaxDepth], so that a hostile peer cannot make the node spend memory or
// stack on it. Every failure is one of the Err* values of this package.
package activity
