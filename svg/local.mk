# svg/ files
