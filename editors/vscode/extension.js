// komp for VS Code: starts `komp lsp` and hands it the planning files of a forum.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const PLAN_FILES = "**/{forum,partnerskap,behov,prioriteringer,tiltak}.yaml";
let client;

function serverOptions() {
  const settings = vscode.workspace.getConfiguration("komp");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  const command = settings.get("path", "komp").replace("${workspaceFolder}", folder);
  const args = settings.get("args", ["lsp"]);
  return { command, args, transport: TransportKind.stdio };
}

function clientOptions() {
  return {
    documentSelector: [{ scheme: "file", language: "yaml", pattern: PLAN_FILES }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(PLAN_FILES) },
  };
}

async function start() {
  client = new LanguageClient("komp", "komp", serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `komp: fant ikke språktjeneren (${error.message ?? error}). Installer komp, eller sett ` +
      "«komp.path» til stien til komp, for eksempel .venv/bin/komp.");
  }
}

async function activate(context) {
  context.subscriptions.push(vscode.commands.registerCommand("komp.restart", async () => {
    if (client) {
      await client.stop();
    }
    await start();
  }));
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
