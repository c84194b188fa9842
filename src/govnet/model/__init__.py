"""The typed model: built from parsed files, with its graph and the derived legs, exits and zones."""
