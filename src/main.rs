fn main() {
    println!("aidline");
}
