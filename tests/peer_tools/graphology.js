// Reads a GEXF or GraphML file with graphology (the library behind Gephi Lite), optionally
// re-saves it as GEXF 1.3, and prints what it read as JSON: node <npm dir> gexf|graphml IN [OUT]
const fs = require('fs');
const path = require('path');
const root = process.argv[2];
const req = (m) => require(path.join(root, 'node_modules', m));
const {MultiGraph} = req('graphology');
const gexf = req('graphology-gexf');
const graphml = req('graphology-graphml');
const [, , , mode, input, output] = process.argv;
const text = fs.readFileSync(input, 'utf-8');
const G = mode === 'gexf' ? gexf.parse(MultiGraph, text) : graphml.parse(MultiGraph, text);
if (output) fs.writeFileSync(output, gexf.write(G, {version: '1.3'}));
const nodes = {};
G.forEachNode((k, a) => { nodes[k] = a; });
const edges = [];
G.forEachEdge((k, a, s, t) => { edges.push({key: k, source: s, target: t, ...a}); });
process.stdout.write(JSON.stringify({order: G.order, size: G.size, nodes, edges}));
