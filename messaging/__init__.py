"""Messaging: conversations and the WebSocket endpoint /ws/ with its protocol (docs/realtime.md)."""
