/** The terminal front: `clinical-notes search|card|validate|import`. Filled in by the foundation work. */
process.stdout.write('clinical-notes: not built yet\n');
