import Models
print("lab")
