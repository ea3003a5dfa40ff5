// Vite's ambient types: CSS side-effect imports, asset URLs and import.meta.env for the renderer.
/// <reference types="vite/client" />
