enum DIDCorePlaceholder {}
