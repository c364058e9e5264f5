"""Edit dialogs (项目、单位) and the small field widgets they share."""
