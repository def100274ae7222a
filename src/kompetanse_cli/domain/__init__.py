"""The planning model: the file kinds' pydantic models, their value types, the schemes' regulation
data and what rules see of a checked forum."""
