"""The local LLM coach: the Ollama client, prompts, structured proposals and the fallback."""
