// Loads extension.js with stand-ins for `vscode` and `vscode-languageclient` and prints, as JSON,
// how it starts the language server: the test suite checks that it runs `komp lsp` on the plan
// files. Run with node from editors/vscode.
"use strict";

const Module = require("module");
const path = require("path");

const started = [];
const settings = JSON.parse(process.argv[2] || "{}");
const fakes = {
  vscode: {
    workspace: {
      getConfiguration: () => ({ get: (key, fallback) => (key in settings ? settings[key] : fallback) }),
      workspaceFolders: [{ uri: { fsPath: "/arbeid/forum" } }],
      createFileSystemWatcher: (glob) => ({ glob }),
    },
    window: { showErrorMessage: (message) => started.push({ error: message }) },
    commands: { registerCommand: (name) => ({ name }) },
  },
  "vscode-languageclient/node": {
    TransportKind: { stdio: 0 },
    LanguageClient: class {
      constructor(id, name, server, client) {
        started.push({ id, server, selector: client.documentSelector, watch: client.synchronize.fileEvents.glob });
      }
      async start() {}
      async stop() {}
    },
  },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request in fakes ? fakes[request] : load.call(this, request, ...rest);
};
const extension = require(path.resolve(__dirname, "..", "extension.js"));
const subscriptions = [];
extension.activate({ subscriptions }).then(() => {
  console.log(JSON.stringify({ started, commands: subscriptions.map((s) => s.name) }));
});
